local uuid = require('snowline.uuid')

describe('uuid', function()
  it('makes lower-case version 4 UUIDs with the RFC 4122 variant', function()
    for _ = 1, 50 do
      expect.match(uuid.v4(), '^%x%x%x%x%x%x%x%x%-%x%x%x%x%-4%x%x%x%-[89ab]%x%x%x%-%x%x%x%x%x%x%x%x%x%x%x%x$')
    end
  end)
  it('does not repeat itself over 2000 ids', function()
    local seen = {}
    for _ = 1, 2000 do
      local id = uuid.v4()
      expect.equal(seen[id], nil, 'repeated id')
      seen[id] = true
    end
  end)
end)
