# subscriber.py
import redis

r = redis.Redis(host='localhost', port=6379)
pubsub = r.pubsub()

# チャンネルを購読
pubsub.subscribe('notifications')

# メッセージを受信
for message in pubsub.listen():
    if message['type'] == 'message':
        print(f"Received: {message['data'].decode()}")
