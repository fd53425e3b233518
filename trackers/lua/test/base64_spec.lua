local base64 = require('snowline.base64')

describe('base64url', function()
  it('encodes the RFC 4648 test vectors without padding', function()
    local vectors = { [''] = '', f = 'Zg', fo = 'Zm8', foo = 'Zm9v', foob = 'Zm9vYg', fooba = 'Zm9vYmE', foobar = 'Zm9vYmFy' }
    for input, output in pairs(vectors) do expect.equal(base64.encode_url(input), output, input) end
  end)
  it('uses - and _ instead of + and /', function()
    expect.equal(base64.encode_url('\251\255\191'), '-_-_')
  end)
  it('decodes padded and unpadded, standard and url alphabets', function()
    expect.equal(base64.decode('Zm9vYmE='), 'fooba')
    expect.equal(base64.decode('Zm9vYmE'), 'fooba')
    expect.equal(base64.decode('-_-_'), '\251\255\191')
    expect.equal(base64.decode('+/+/'), '\251\255\191')
  end)
  it('round-trips every byte value', function()
    local bytes = {}
    for i = 0, 255 do bytes[#bytes + 1] = string.char(i) end
    local all = table.concat(bytes)
    expect.equal(base64.decode(base64.encode_url(all)), all)
  end)
  it('rejects characters outside both alphabets', function()
    local decoded, message = base64.decode('Zm9v!')
    expect.equal(decoded, nil)
    expect.match(message, 'invalid base64')
  end)
end)
