-- Base64url (RFC 4648 section 5: '-' and '_', padding stripped), the form Snowplow trackers use for
-- ue_px and cx. Arithmetic only: bit operators differ between Lua 5.1, 5.3+ and LuaJIT.
local base64 = {}

local alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
local encode_table = {}
local decode_table = {}
for i = 1, 64 do
  local c = string.sub(alphabet, i, i)
  encode_table[i - 1] = c
  decode_table[c] = i - 1
end
-- Decoding also accepts the standard alphabet.
decode_table['+'] = 62
decode_table['/'] = 63

function base64.encode_url(s)
  local out = {}
  local length = #s
  for i = 1, length, 3 do
    local a, b, c = string.byte(s, i, i + 2)
    local n = a * 65536 + (b or 0) * 256 + (c or 0)
    local c1 = math.floor(n / 262144)
    local c2 = math.floor(n / 4096) % 64
    local c3 = math.floor(n / 64) % 64
    local c4 = n % 64
    out[#out + 1] = encode_table[c1] .. encode_table[c2]
    if b then out[#out + 1] = encode_table[c3] end
    if c then out[#out + 1] = encode_table[c4] end
  end
  return table.concat(out)
end

--- Decodes base64 or base64url, padded or not; returns nil, message on a character outside both alphabets.
function base64.decode(s)
  s = string.gsub(s, '=+$', '')
  local out = {}
  for i = 1, #s, 4 do
    local chunk = string.sub(s, i, i + 3)
    local n, count = 0, #chunk
    for j = 1, 4 do
      local v = 0
      if j <= count then
        v = decode_table[string.sub(chunk, j, j)]
        if v == nil then return nil, 'invalid base64 character at ' .. (i + j - 1) end
      end
      n = n * 64 + v
    end
    local b1 = math.floor(n / 65536)
    local b2 = math.floor(n / 256) % 256
    local b3 = n % 256
    if count >= 2 then out[#out + 1] = string.char(b1) end
    if count >= 3 then out[#out + 1] = string.char(b2) end
    if count >= 4 then out[#out + 1] = string.char(b3) end
  end
  return table.concat(out)
end

return base64
