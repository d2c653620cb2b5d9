-- 解答例: Stream に残してから PUBLISH する。上限 1000 件、期限つき。
-- A solution: keep it in a stream (at most about the newest 1000, with an expiry), then PUBLISH it.
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', 1000, '*', 'message', ARGV[2])
redis.call('EXPIRE', KEYS[1], 86400)
redis.call('PUBLISH', ARGV[1], ARGV[2])
return id
