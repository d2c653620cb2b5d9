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
