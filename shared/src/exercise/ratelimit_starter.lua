-- 演習2 の sliding_window を、この演習の約束 (1 本の Lua) に移したもの。講座のバグもそのまま。
-- The course's sliding_window (演習2), carried over to this exercise's contract, bugs included.
-- KEYS[1] the key. ARGV[1] now (ms); ARGV[2] limit; ARGV[3] window (ms). Return {allowed (1/0), remaining}.
local key = KEYS[1]
local now = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local window = tonumber(ARGV[3])

-- 古いエントリを削除 (remove old entries)
redis.call('ZREMRANGEBYSCORE', key, 0, now - window)

-- 現在のリクエストを追加 (add this request)
redis.call('ZADD', key, now, now)

-- カウント (count)
local count = redis.call('ZCARD', key)

-- TTL 設定 (expiry)
redis.call('PEXPIRE', key, window)

if count > limit then
  -- リクエストを削除（オーバー分） (remove the request over the limit)
  redis.call('ZREM', key, now)
  return {0, 0}
end

return {1, limit - count}
