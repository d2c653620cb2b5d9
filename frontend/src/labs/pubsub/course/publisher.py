# publisher.py
import redis

r = redis.Redis(host='localhost', port=6379)

# メッセージを送信
r.publish('notifications', 'Hello, subscribers!')
r.publish('notifications', 'New message!')
