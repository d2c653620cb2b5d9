-- Reference acquire: take the lock and give it its lifetime in one command.
-- KEYS[1] the lock's key. ARGV[1] your token; ARGV[2] the lock's lifetime (ms). Return 1 if the lock is yours, else 0.

-- NX: only if nobody holds it. PX in the same SET: a holder that crashes right after cannot leave a
-- lock that never expires (SETNX then EXPIRE from a client is two steps, with a crash between them).
-- SET … NX answers OK or nil; the contract wants 1 or 0.
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return 1
end
return 0
