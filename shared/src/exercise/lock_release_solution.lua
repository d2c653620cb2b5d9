-- Reference release: delete the lock only while it still holds your token, in one script.
-- KEYS[1] the lock's key. ARGV[1] your token. Return 1 if it deleted your lock, else 0.

-- A holder that paused past its lifetime no longer holds the lock: someone else may. A plain DEL
-- would delete that new holder's lock; comparing first, in the same script, cannot.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
