"""Order-style demands (订单式需求): their life cycle, the list and one demand, statistics, and
which commissioners suit one."""
