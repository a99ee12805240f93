"""Writes usage.csv and drivers.csv: a synthetic factory for the `baseline fit --method production` CLI tests.

Daily energy (kWh) = 300 + 0.8*production_t + 5*operating_hours + 6*HDD(55 F) - 120*[weekend] - 250*[holiday] + N(0, 15),
on the IL hourly temperatures kept in tests/EnergySom.Baseline.Tests/Data/eemeter (UTC days); from 2017 on the plant
uses 10 % less energy (the savings to find). Fixed seed: rerunning from the repository root gives the same files.
"""
import csv
import datetime
import random

random.seed(20261121)
temps = {}
with open('tests/EnergySom.Baseline.Tests/Data/eemeter/temperature/il-tempF.csv') as f:
    rows = csv.reader(f)
    next(rows)
    for ts, v in rows:
        if v:
            temps.setdefault(ts[:10], []).append(float(v))

start, end = datetime.date(2016, 1, 1), datetime.date(2017, 7, 1)
holidays = {datetime.date(2016, 1, 1), datetime.date(2016, 5, 30), datetime.date(2016, 7, 4), datetime.date(2016, 9, 5),
            datetime.date(2016, 11, 24), datetime.date(2016, 12, 26), datetime.date(2017, 1, 2), datetime.date(2017, 5, 29)}
out = 'tests/EnergySom.Service.Tests/Data/production/'
with open(out + 'usage.csv', 'w') as u, open(out + 'drivers.csv', 'w') as d:
    u.write('timestamp,value\n')
    d.write('date,production_t,operating_hours,holiday\n')
    day = start
    while day < end:
        t = sum(temps[day.isoformat()]) / len(temps[day.isoformat()])
        weekend, holiday = day.weekday() >= 5, day in holidays
        if holiday:
            production, hours = 0.0, 0
        elif weekend:
            production, hours = round(random.uniform(40, 90), 1), random.choice([0, 8])
        else:
            production, hours = round(random.uniform(150, 260), 1), random.choice([16, 20, 24])
        energy = 300 + 0.8 * production + 5 * hours + 6 * max(55 - t, 0) - (120 if weekend else 0) - (250 if holiday else 0) + random.gauss(0, 15)
        if day.year == 2017:
            energy *= 0.9
        u.write(f'{day.isoformat()}T00:00:00Z,{energy:.2f}\n')
        d.write(f'{day.isoformat()},{production},{hours},{1 if holiday else 0}\n')
        day += datetime.timedelta(days=1)
    u.write(f'{end.isoformat()}T00:00:00Z,\n')
