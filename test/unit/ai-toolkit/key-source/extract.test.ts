import { describe, expect, it } from 'vitest';
import { extractKeys } from '../../../../src/ai-toolkit/key-source/extract.js';
import { methodBody, pyClasses, stripComments } from '../../../../src/ai-toolkit/key-source/python-classes.js';
import { bodyReads } from '../../../../src/ai-toolkit/key-source/reads.js';

const py = (s: string) => s.replace(/^\n/, '');

describe('Python classes', () => {
  it('finds classes, their parents and where each body ends', () => {
    const src = py(`
class Box:
    def __init__(self, **kw):
        self.a = 1

class Crate(Box, mixins.Stackable):
    pass
x = 1
`);
    const cs = pyClasses(src);
    expect(cs.map((c) => [c.name, c.parents])).toEqual([['Box', []], ['Crate', ['Box', 'Stackable']]]);
    expect(cs[0].body).not.toContain('Crate');
    expect(cs[1].body).not.toContain('x = 1');
  });

  it('a comment or a string never opens a class, and a multi-line def header is not the body', () => {
    const src = py(`
class Real:
    # class Fake:
    def __init__(
        self,
        **kwargs
    ):
        self.k = kwargs.get('kept')  # kwargs.get('commented')
        s = "# not a comment"
`);
    expect(pyClasses(src).map((c) => c.name)).toEqual(['Real']);
    const init = methodBody(pyClasses(src)[0].body, '__init__');
    expect(init).toContain("kwargs.get('kept')");
    expect(init).not.toContain('commented');
    expect(stripComments(src)).toContain('"# not a comment"');
  });
});

describe('reads of one body', () => {
  it('get, subscript and membership reads; an assignment to a subscript is not a read', () => {
    const r = bodyReads(py(`
        a = kwargs.get('alpha', 1)
        b = kwargs["beta"]
        if 'gamma' in kwargs:
            pass
        kwargs['delta'] = 3
        if kwargs['eps'] == 2:
            pass
`), new Map([['kwargs', 'sec']]));
    expect([...r.reads.get('sec')!].sort()).toEqual(['alpha', 'beta', 'eps', 'gamma']);
  });

  it('follows a section assigned to a variable, iterated and handed to a class', () => {
    const r = bodyReads(py(`
        raw: Optional[dict] = self.get_conf('parts', None)
        for i, part in enumerate(raw):
            Part(**part)
        Whole(**self.get_conf('whole', {}))
        opts = kwargs.get('opts', {})
        use = opts.get('fast', False)
`), new Map([['self.get_conf', 'p'], ['kwargs', 'p']]));
    expect(r.handoffs).toEqual(expect.arrayContaining([{ cls: 'Part', section: 'p.parts[]' }, { cls: 'Whole', section: 'p.whole' }]));
    expect([...r.reads.get('p.opts')!]).toEqual(['fast']);
  });

  it('a key set unconditionally before the hand-off is overwritten; one set under an if is not', () => {
    const r = bodyReads(py(`
        m = self.get_conf('motor', {})
        m['speed'] = self.top_speed
        if self.quiet:
            m['volume'] = 0
        Motor(**m)
`), new Map([['self.get_conf', 'p']]));
    expect([...r.overwritten.get('p.motor')!]).toEqual(['speed']);
  });
});

describe('keys per section across files', () => {
  const files = [
    { path: 'jobs/Job.py', text: py(`
class Job:
    def __init__(self, config):
        self.config = config['config']
        self.kind = config['kind']
        if 'notes' in config:
            self.notes = config['notes']
        for i, step in enumerate(self.config['steps']):
            if 'type' not in step:
                raise ValueError('no type')
`) },
    { path: 'jobs/RunJob.py', text: py(`
class RunJob(Job):
    def __init__(self, config):
        super().__init__(config)
        self.where = self.get_conf('where', 'here')
`) },
    { path: 'jobs/Trainer.py', text: py(`
class BaseTrainer:
    def __init__(self, process_id, job, config):
        self.name = self.get_conf('name', job.name)

class Trainer(BaseTrainer):
    def __init__(self, process_id, job, config):
        super().__init__(process_id, job, config)
        self.opt = OptConfig(**self.get_conf('opt', {}))
        data = self.get_conf('data', None)
        for d in data:
            x = DataConfig(**d)

    def later(self):
        return self.config.get('late_key', 0)

    def helper(self, **kwargs):
        return kwargs.get('not_a_config_key')
`) },
    { path: 'toolkit/configs.py', text: py(`
class OptConfig:
    def __init__(self, **kwargs):
        self.lr = kwargs.get('lr', 1e-4)
        sched = kwargs.get('sched', None)
        if sched is not None:
            self.sched = SchedConfig(**sched)

    def describe(self, **kwargs):
        return kwargs.get('outside_init')

class SchedConfig:
    def __init__(self, **kwargs):
        self.kind = kwargs.get('kind', 'constant')

class DataConfig:
    def __init__(self, **kwargs):
        self.folder = kwargs.get('folder', None)
`) },
  ];
  const keys = extractKeys(files, [
    { cls: 'RunJob', section: 'config', argSection: '' },
    { cls: 'Trainer', section: 'config.steps[]' },
  ]);

  it('the file, the job config and each process section, parents included', () => {
    expect(keys.sections['']).toEqual(['config', 'kind', 'notes']);
    expect(keys.sections.config).toEqual(['steps', 'where']);
    expect(keys.sections['config.steps[]']).toEqual(['data', 'late_key', 'name', 'opt', 'type']);
    expect(keys.sections['config.steps[].opt']).toEqual(['lr', 'sched']);
    expect(keys.sections['config.steps[].opt.sched']).toEqual(['kind']);
    expect(keys.sections['config.steps[].data[]']).toEqual(['folder']);
  });

  it('kwargs of a method other than a config class’s __init__ are not config keys', () => {
    const all = Object.values(keys.sections).flat();
    expect(all).not.toContain('not_a_config_key');
    expect(all).not.toContain('outside_init');
  });

  it('names a parent class no file defines', () => {
    const k = extractKeys([{ path: 'a.py', text: 'class A(Missing):\n    def f(self):\n        self.get_conf("x")\n' }], [{ cls: 'A', section: 's' }]);
    expect(k.missing).toEqual(['Missing']);
    expect(k.sections.s).toEqual(['x']);
  });
});
