# distributed_lock.py
import redis
import time
import uuid

class DistributedLock:
    def __init__(self, redis_client, name: str, timeout: int = 10):
        self.r = redis_client
        self.name = f'lock:{name}'
        self.timeout = timeout
        self.token = None
    
    def acquire(self, blocking: bool = True, retry_interval: float = 0.1) -> bool:
        """ロックを取得"""
        self.token = str(uuid.uuid4())
        
        while True:
            # NX: 存在しない場合のみ設定
            # EX: TTL を設定
            acquired = self.r.set(
                self.name,
                self.token,
                nx=True,
                ex=self.timeout
            )
            
            if acquired:
                return True
            
            if not blocking:
                return False
            
            time.sleep(retry_interval)
    
    def release(self) -> bool:
        """ロックを解放"""
        # Lua スクリプトでアトミックに削除
        script = """
        if redis.call('get', KEYS[1]) == ARGV[1] then
            return redis.call('del', KEYS[1])
        else
            return 0
        end
        """
        result = self.r.eval(script, 1, self.name, self.token)
        return result == 1
    
    def __enter__(self):
        self.acquire()
        return self
    
    def __exit__(self, exc_type, exc_val, exc_tb):
        self.release()
