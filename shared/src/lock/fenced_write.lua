-- The protected resource: takes a write only if its fence token is not older than the newest it has seen,
-- so a client that lost the lock without knowing it cannot overwrite a newer holder's work.
-- KEYS[1] the resource (a hash); ARGV[1] fence token; ARGV[2] value; ARGV[3] time to live in ms.
-- Returns 1 if written, 0 if rejected.
local newest = tonumber(redis.call('hget', KEYS[1], 'fence') or '0')
if tonumber(ARGV[1]) < newest then
  return 0
end
redis.call('hset', KEYS[1], 'fence', ARGV[1], 'value', ARGV[2])
redis.call('pexpire', KEYS[1], ARGV[3])
return 1
