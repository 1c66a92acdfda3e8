#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Generates a dealer-management export for the import benchmark: N rows, each a customer and
# one business event (half sales, half service visits), dated so that every event's follow-up
# (sale day 7, service day 3) falls due within the 30 days before TODAY; the same file feeds
# the task-generation benchmark. Usage: gen.py N TODAY(YYYY-MM-DD) STORE_CODE > file.csv
import datetime
import random
import sys

n = int(sys.argv[1])
today = datetime.date.fromisoformat(sys.argv[2])
store = sys.argv[3]
rnd = random.Random(20261122)
surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
given = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超"]
models = ["凯美瑞 2.0G", "卡罗拉 1.2T", "RAV4 荣放", "汉兰达", "亚洲龙"]
out = sys.stdout
out.write("客户编号,客户姓名,手机,门店编码,业务单号,业务类型,业务日期,金额,车架号,车牌号,车型,里程\n")
for i in range(n):
    sale = i % 2 == 0
    offset = 7 if sale else 3
    d = today - datetime.timedelta(days=offset + rnd.randrange(0, 30))
    phone = "1%d%08d" % (rnd.choice((35, 36, 37, 38, 39)), rnd.randrange(100000000))
    out.write("C%07d,%s%s,%s,%s,E%07d,%s,%s,%d.00,LVGBE40K%09d,浙A%05d,%s,%s\n" % (
        i, rnd.choice(surnames), rnd.choice(given), phone, store, i,
        "销售" if sale else "保养", d.isoformat(), rnd.randrange(300, 300000), i,
        rnd.randrange(100000), rnd.choice(models), "" if sale else str(rnd.randrange(1000, 60000))))
