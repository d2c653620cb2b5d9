-- 演習3 の release (Lua でアトミックに削除) を、そのまま。
-- The course's release (演習3), as it is: a compare-and-delete in one script.
-- KEYS[1] the lock's key. ARGV[1] your token. Return 1 if it deleted your lock, else 0.
if redis.call('get', KEYS[1]) == ARGV[1] then
    return redis.call('del', KEYS[1])
else
    return 0
end
