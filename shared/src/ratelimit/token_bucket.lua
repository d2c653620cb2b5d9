-- Token bucket: holds up to max tokens, refilled continuously at max per window; a request takes one.
-- KEYS[1] a hash {tokens, at}. ARGV[1] now (µs); ARGV[2] window (µs); ARGV[3] max (the capacity).
-- Returns {allowed, whole tokens left}.
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local capacity = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
if now > at then
  tokens = math.min(capacity, tokens + (now - at) * capacity / window)
  at = now
end
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', string.format('%.0f', at))
redis.call('PEXPIRE', KEYS[1], math.ceil(window / 1000))
return {allowed, math.floor(tokens)}
