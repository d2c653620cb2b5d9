-- Leaky bucket as a meter: each request pours one unit in, the bucket leaks max units per window, and a
-- request that would overflow it is refused. Nothing is queued: the level is one number in Redis.
-- KEYS[1] a hash {level, at}. ARGV[1] now (µs); ARGV[2] window (µs); ARGV[3] max (the bucket's size).
-- Returns {allowed, whole units of room left}.
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local capacity = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'level', 'at')
local level = tonumber(state[1]) or 0
local at = tonumber(state[2]) or now
if now > at then
  level = math.max(0, level - (now - at) * capacity / window)
  at = now
end
local allowed = 0
if level + 1 <= capacity then
  level = level + 1
  allowed = 1
end
-- '%.17g' keeps every bit of the level, so the next call reads back exactly what this one computed.
redis.call('HSET', KEYS[1], 'level', string.format('%.17g', level), 'at', string.format('%.0f', at))
-- A full bucket is empty again after one window.
redis.call('PEXPIRE', KEYS[1], math.ceil(window / 1000))
return {allowed, math.floor(capacity - level)}
