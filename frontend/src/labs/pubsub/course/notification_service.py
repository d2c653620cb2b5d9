# notification_service.py
import redis
import json
from threading import Thread

class NotificationService:
    def __init__(self):
        self.r = redis.Redis(host='localhost', port=6379)
        self.pubsub = self.r.pubsub()
    
    def publish(self, channel: str, message: dict):
        """通知を送信"""
        self.r.publish(channel, json.dumps(message))
    
    def subscribe(self, channel: str, callback):
        """チャンネルを購読"""
        self.pubsub.subscribe(channel)
        
        def listen():
            for message in self.pubsub.listen():
                if message['type'] == 'message':
                    data = json.loads(message['data'])
                    callback(data)
        
        thread = Thread(target=listen, daemon=True)
        thread.start()
        return thread

# 使用例
service = NotificationService()

def on_message(data):
    print(f"Notification: {data}")

# 購読
service.subscribe('user:1:notifications', on_message)

# 通知送信
service.publish('user:1:notifications', {
    'type': 'new_message',
    'from': 'Alice',
    'content': 'Hello!'
})
