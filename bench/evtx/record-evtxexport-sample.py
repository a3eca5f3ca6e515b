#!/usr/bin/env python3
"""Record a field-by-field sample of `evtxexport -f xml` output as a test fixture.

Run once (needs Debian's libevtx-utils): python3 bench/evtx/record-evtxexport-sample.py
It writes test/fixtures/evtx/evtxexport-sample.json: for every sample file that evtxexport
reads to the end, its record count and every Nth record's System fields and EventData, so
`npm test` can compare exhunt's reader with libevtx without having it installed.
"""
import glob, json, os, re, subprocess, sys
import xml.etree.ElementTree as ET

ROOT = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'fixtures', 'evtx')
NS = '{http://schemas.microsoft.com/win/2004/08/events/event}'
PER_FILE = 12


def text(e):
    return ''.join(e.itertext()) if e is not None else None


def fields(ev):
    sysm = ev.find(NS + 'System')
    g = lambda n: sysm.find(NS + n) if sysm is not None else None
    prov = g('Provider')
    tc = g('TimeCreated')
    out = {
        'EventRecordID': text(g('EventRecordID')),
        'EventID': text(g('EventID')),
        'Provider': prov.get('Name') if prov is not None else None,
        'Channel': text(g('Channel')),
        'Computer': text(g('Computer')),
        'Level': text(g('Level')),
        'SystemTime': tc.get('SystemTime') if tc is not None else None,
    }
    data = {}
    ed = ev.find(NS + 'EventData')
    if ed is not None:
        for i, d in enumerate(list(ed)):
            name = d.get('Name') or ('param%d' % (i + 1) if d.tag == NS + 'Data' else d.tag.replace(NS, ''))
            data.setdefault(name, text(d) or '')
    out['EventData'] = data
    return out


def main():
    result = {'tool': subprocess.run(['evtxexport', '-V'], capture_output=True, text=True).stdout.split('\n')[0].strip(),
              'files': {}}
    for path in sorted(glob.glob(os.path.join(ROOT, '*', '*.evtx'))):
        rel = os.path.relpath(path, ROOT).replace(os.sep, '/')
        p = subprocess.run(['evtxexport', '-f', 'xml', path], capture_output=True)
        if p.returncode != 0:
            result['files'][rel] = {'exit': p.returncode}
            continue
        body = p.stdout.decode('utf-8', 'replace')
        events = re.findall(r'<Event xmlns=.*?</Event>', body, re.S)
        step = max(1, len(events) // PER_FILE)
        sample = []
        for i in range(0, len(events), step):
            try:
                sample.append(fields(ET.fromstring(events[i])))
            except ET.ParseError:
                pass  # libevtx wrote XML that does not parse (raw control characters): skip it
        result['files'][rel] = {'exit': 0, 'records': len(events), 'sample': sample}
    out = os.path.join(ROOT, 'evtxexport-sample.json')
    with open(out, 'w', encoding='utf-8') as f:
        json.dump(result, f, indent=1, ensure_ascii=False)
        f.write('\n')
    print('wrote', out, file=sys.stderr)


if __name__ == '__main__':
    main()
