-- 講座のコードには、離れていた購読者が読み直す方法がありません (Pub/Sub は届けたら忘れます)。
-- The course's code has no way for a subscriber who was away to read what it missed:
-- Pub/Sub forgets a message once it has pushed it to whoever was listening.
-- KEYS[1] the channel's log. ARGV[1] the id of the last message you have ('0' for none).
-- Return the messages after it, oldest first: {id, message, id, message, ...}.
return {}
