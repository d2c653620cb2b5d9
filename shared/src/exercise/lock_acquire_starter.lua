-- 演習3 の acquire (SET name token NX EX timeout) を、この演習の約束 (Lua) に移したもの。
-- The course's acquire (演習3, SET name token NX EX timeout), carried over to this exercise's contract.
-- KEYS[1] the lock's key. ARGV[1] your token; ARGV[2] the lock's lifetime (ms). Return 1 if the lock is yours, else 0.

-- NX: 存在しない場合のみ設定 (only if nobody holds it)
-- PX: TTL を設定 (the lifetime; the contract gives it in ms, so PX instead of EX)
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return 1
end
return 0
