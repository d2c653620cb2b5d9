# cache_warmup.py
import redis
import json
from concurrent.futures import ThreadPoolExecutor

class CacheWarmer:
    def __init__(self, redis_client):
        self.r = redis_client
    
    def warmup_products(self, product_ids: list):
        """商品キャッシュをウォームアップ"""
        def warm(product_id):
            product = fetch_product_from_db(product_id)
            self.r.setex(
                f'product:{product_id}',
                3600,
                json.dumps(product)
            )
            return product_id
        
        with ThreadPoolExecutor(max_workers=10) as executor:
            results = list(executor.map(warm, product_ids))
        
        return len(results)
    
    def warmup_from_access_log(self, top_n: int = 100):
        """アクセスログから人気商品をウォームアップ"""
        # アクセス数上位を取得
        top_products = self.r.zrevrange('product:access_count', 0, top_n - 1)
        return self.warmup_products(top_products)
