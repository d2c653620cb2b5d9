-- Sliding-window counter: the previous window's count, weighted by how much of it still overlaps the
-- sliding window, plus this window's count. Approximate, O(1) memory.
-- KEYS[1] this window's counter; KEYS[2] the previous window's.
-- ARGV[1] µs elapsed in this window; ARGV[2] window (µs); ARGV[3] max requests. Returns {allowed, remaining}.
local elapsed = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local max = tonumber(ARGV[3])
local previous = tonumber(redis.call('GET', KEYS[2]) or '0')
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local estimate = previous * (window - elapsed) / window + current
if estimate + 1 > max then
  return {0, 0}
end
redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], math.ceil(2 * window / 1000))
return {1, math.floor(max - estimate - 1)}
