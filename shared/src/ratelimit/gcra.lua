-- GCRA (generic cell rate algorithm): one number, the theoretical arrival time (TAT) of the next
-- request if traffic flowed exactly at the rate. Each request is due one interval (window / max) after
-- the last, and up to max may come early: a request is refused when it would push the TAT more than
-- one window past now (give or take 1 µs, so the rounding of window / max never refuses the max-th of
-- a burst).
-- KEYS[1] the TAT (µs). ARGV[1] now (µs); ARGV[2] window (µs); ARGV[3] max. Returns {allowed, left}.
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local max = tonumber(ARGV[3])
local interval = window / max
local tat = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), now)
local new_tat = tat + interval
if new_tat - now > window + 1 then
  return {0, 0}
end
-- The key lives exactly as long as the TAT is ahead of now: after that it would read as "now" anyway.
redis.call('SET', KEYS[1], string.format('%.17g', new_tat), 'PX', math.ceil((new_tat - now) / 1000))
return {1, math.floor((window + 1 - (new_tat - now)) / interval)}
