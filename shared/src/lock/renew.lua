-- Lease renewal: extends the lock only while it is still ours.
-- KEYS[1] the lock; ARGV[1] our token; ARGV[2] the new time to live in ms. Returns 1 if extended, else 0.
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('pexpire', KEYS[1], ARGV[2])
end
return 0
