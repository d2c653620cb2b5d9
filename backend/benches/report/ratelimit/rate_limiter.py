# rate_limiter.py
import redis
import time

class RateLimiter:
    def __init__(self, redis_client):
        self.r = redis_client
    
    def is_allowed(
        self,
        key: str,
        max_requests: int,
        window_seconds: int
    ) -> tuple[bool, int]:
        """
        固定ウィンドウ方式
        
        Returns:
            (allowed: bool, remaining: int)
        """
        now = int(time.time())
        window = now // window_seconds
        redis_key = f'rate:{key}:{window}'
        
        pipe = self.r.pipeline()
        pipe.incr(redis_key)
        pipe.expire(redis_key, window_seconds)
        results = pipe.execute()
        
        count = results[0]
        remaining = max(0, max_requests - count)
        
        return count <= max_requests, remaining
    
    def sliding_window(
        self,
        key: str,
        max_requests: int,
        window_seconds: int
    ) -> tuple[bool, int]:
        """
        スライディングウィンドウ方式（より正確）
        """
        now = time.time()
        redis_key = f'rate:{key}'
        
        pipe = self.r.pipeline()
        
        # 古いエントリを削除
        pipe.zremrangebyscore(redis_key, 0, now - window_seconds)
        
        # 現在のリクエストを追加
        pipe.zadd(redis_key, {str(now): now})
        
        # カウント
        pipe.zcard(redis_key)
        
        # TTL 設定
        pipe.expire(redis_key, window_seconds)
        
        results = pipe.execute()
        count = results[2]
        
        if count > max_requests:
            # リクエストを削除（オーバー分）
            self.r.zrem(redis_key, str(now))
            return False, 0
        
        return True, max_requests - count

# 使用例
r = redis.Redis(host='localhost', port=6379)
limiter = RateLimiter(r)

# API エンドポイントで使用
def api_endpoint(user_id: str):
    allowed, remaining = limiter.is_allowed(
        key=f'api:{user_id}',
        max_requests=100,
        window_seconds=60
    )
    
    if not allowed:
        raise Exception('Rate limit exceeded')
    
    # 処理続行
    print(f'Remaining: {remaining}')
