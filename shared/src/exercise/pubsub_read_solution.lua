-- 解答例: 最後に受け取った ID の「次」から読む。'(' は その ID を含まない という意味 (Redis 6.2+)。
-- A solution: read from just after the last id received; '(' excludes that id (Redis 6.2+).
local from = '-'
if ARGV[1] ~= '0' then
  from = '(' .. ARGV[1]
end
local entries = redis.call('XRANGE', KEYS[1], from, '+')
local out = {}
for _, entry in ipairs(entries) do
  local fields = entry[2]
  out[#out + 1] = entry[1]
  out[#out + 1] = fields[2]
end
return out
