-- Reference solution: an exact sliding log, checked and recorded in one step.
-- KEYS[1] the key. ARGV[1] now (ms); ARGV[2] limit; ARGV[3] window (ms). Return {allowed (1/0), remaining}.
local key = KEYS[1]
local now = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local window = tonumber(ARGV[3])

-- Forget requests that left the window (now - window, now].
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
if count >= limit then
  return {0, 0}
end

-- A member of its own for every request, even at the same millisecond: a counter beside the log.
local seq = redis.call('INCR', key .. ':seq')
redis.call('ZADD', key, now, now .. ':' .. seq)
redis.call('PEXPIRE', key, window)
redis.call('PEXPIRE', key .. ':seq', window)
return {1, limit - count - 1}
