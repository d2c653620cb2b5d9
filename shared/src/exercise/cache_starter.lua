-- 演習4 の warmup_from_access_log を、この演習の約束 (1 本の Lua) に移したもの。講座のままの TTL も。
-- The course's warmup_from_access_log (演習4), carried over to this exercise's contract, its TTL as it is.
-- KEYS[1] the access log (sorted set: product id -> views). KEYS[2] the database (hash: product id -> JSON).
-- ARGV[1] how many of the most viewed to cache; ARGV[2] the TTL (s); ARGV[3] the cache keys' prefix.
-- Return how many products you cached.
local top_n = tonumber(ARGV[1])

-- アクセス数上位を取得 (the most viewed first)
local top_products = redis.call('ZREVRANGE', KEYS[1], 0, top_n - 1)

for _, product_id in ipairs(top_products) do
  -- fetch_product_from_db(product_id)
  local product = redis.call('HGET', KEYS[2], product_id)
  redis.call('SETEX', ARGV[3] .. product_id, ARGV[2], product)
end

return #top_products
