-- Sliding-window log, fixed: check and record in one atomic step, with members that never collide.
-- KEYS[1] the log (sorted set, scores in µs); KEYS[2] a counter that makes each member unique.
-- ARGV[1] now (µs); ARGV[2] window (µs); ARGV[3] max requests. Returns {allowed, remaining}.
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local max = tonumber(ARGV[3])
-- Lua numbers print with 14 digits; '%.0f' keeps all 16 of a µs timestamp.
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%.0f', now - window))
local count = redis.call('ZCARD', KEYS[1])
if count >= max then
  return {0, 0}
end
local seq = redis.call('INCR', KEYS[2])
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[1] .. ':' .. seq)
local ttl = math.ceil(window / 1000)
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('PEXPIRE', KEYS[2], ttl)
return {1, max - count - 1}
