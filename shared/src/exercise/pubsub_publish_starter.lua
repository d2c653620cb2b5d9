-- 演習1 の NotificationService.publish を、この演習の約束 (Lua) に移したもの。
-- The course's NotificationService.publish (演習1), carried over to this exercise's contract.
-- KEYS[1] the channel's log. ARGV[1] the channel; ARGV[2] the message (JSON).
-- Deliver it to the channel's subscribers, keep it for those who are away, and return its id.

-- self.r.publish(channel, json.dumps(message))
return redis.call('PUBLISH', ARGV[1], ARGV[2])
