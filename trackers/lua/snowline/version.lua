local version = { number = '0.1.0' }
version.tracker_version = 'lua-' .. version.number
return version
