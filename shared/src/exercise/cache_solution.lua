-- 解答例: 講座と同じ 1 往復のウォームアップに、TTL のばらつき (最大 10%) を加えたもの。
-- A solution: the course's warm-up in one round trip, each TTL shortened by a spread of up to 10 %,
-- so the products do not all expire in the same second (and stampede the database together).
-- KEYS[1] the access log; KEYS[2] the database. ARGV[1] top N; ARGV[2] TTL (s); ARGV[3] the prefix.
local top_n = tonumber(ARGV[1])
local ttl = tonumber(ARGV[2])
local spread = math.floor(ttl / 10)

local top_products = redis.call('ZREVRANGE', KEYS[1], 0, top_n - 1)
local last = math.max(#top_products - 1, 1)

for i, product_id in ipairs(top_products) do
  local product = redis.call('HGET', KEYS[2], product_id)
  -- 1 件目は TTL そのまま、最後の 1 件は TTL - 10%、その間は均等に (spread evenly)
  local expiry = ttl - math.floor((i - 1) * spread / last)
  redis.call('SET', ARGV[3] .. product_id, product, 'EX', expiry)
end

return #top_products
