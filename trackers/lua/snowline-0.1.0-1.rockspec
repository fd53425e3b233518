-- LuaRocks package of the Snowline Lua tracker. From a checkout: `cd trackers/lua && luarocks make`.
package = "snowline"
version = "0.1.0-1"
source = {
  url = "git+https://github.com/snowline-analytics/snowline.git",
  tag = "v0.1.0",
  dir = "snowline/trackers/lua",
}
description = {
  summary = "Snowline (Snowplow-compatible) event tracker for Lua 5.1-5.4, LuaJIT, OpenResty and fengari",
  detailed = [[
Pure Lua, no C modules: JSON and base64 included. Emitters are injected: LuaSocket (blocking, for games and
scripts), OpenResty (non-blocking, flushed from ngx.timer.at over cosockets) or any host function. Batching,
retry of retryable failures, a bounded queue with a drop counter. Every call returns true or false, message.
Includes the 2013 snowplow-lua-tracker API (newTrackerForUri, trackStructEvent, ...).
The LuaSocket emitter needs LuaSocket (`luarocks install luasocket`); the others need nothing.
]],
  homepage = "https://github.com/snowline-analytics/snowline/tree/main/trackers/lua",
  license = "Apache-2.0",
}
dependencies = {
  "lua >= 5.1, < 5.5",
}
build = {
  type = "builtin",
  modules = {
    ["snowline"] = "snowline.lua",
    ["snowline.base64"] = "snowline/base64.lua",
    ["snowline.clock"] = "snowline/clock.lua",
    ["snowline.compat2013"] = "snowline/compat2013.lua",
    ["snowline.emitter"] = "snowline/emitter.lua",
    ["snowline.json"] = "snowline/json.lua",
    ["snowline.luasocket_transport"] = "snowline/luasocket_transport.lua",
    ["snowline.openresty_transport"] = "snowline/openresty_transport.lua",
    ["snowline.payload"] = "snowline/payload.lua",
    ["snowline.schemas"] = "snowline/schemas.lua",
    ["snowline.subject"] = "snowline/subject.lua",
    ["snowline.tracker"] = "snowline/tracker.lua",
    ["snowline.url"] = "snowline/url.lua",
    ["snowline.uuid"] = "snowline/uuid.lua",
    ["snowline.validate"] = "snowline/validate.lua",
    ["snowline.version"] = "snowline/version.lua",
  },
}
