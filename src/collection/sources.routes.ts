import { z } from 'zod';
import { SecureRouter } from '../http/secure-router.ts';
import { parseInput } from '../http/validate.ts';
import { toSourceView } from './source.ts';
import { sourceInputSchema, sourcePatchSchema, type SourcesService } from './sources.service.ts';

const idParam = z.object({ id: z.coerce.number().int().positive() });

/** /api/sources: list, add, edit, delete, fetch now, recent runs. */
export function sourcesRoutes(service: SourcesService): SecureRouter {
  const r = new SecureRouter('/api/sources');
  r.get('/', 'sources.read', async (_req, res) => {
    res.json({ sources: (await service.list()).map(toSourceView) });
  });
  r.post('/', 'sources.write', async (req, res) => {
    const source = await service.create(parseInput(sourceInputSchema, req.body));
    res.status(201).json({ source: toSourceView(source) });
  });
  r.get('/:id', 'sources.read', async (req, res) => {
    const { id } = parseInput(idParam, req.params);
    res.json({ source: toSourceView(await service.get(id)) });
  });
  r.patch('/:id', 'sources.write', async (req, res) => {
    const { id } = parseInput(idParam, req.params);
    const source = await service.update(id, parseInput(sourcePatchSchema, req.body));
    res.json({ source: toSourceView(source) });
  });
  r.delete('/:id', 'sources.write', async (req, res) => {
    const { id } = parseInput(idParam, req.params);
    await service.remove(id);
    res.status(204).end();
  });
  r.post('/:id/fetch', 'sources.fetch', async (req, res) => {
    const { id } = parseInput(idParam, req.params);
    res.json({ run: await service.fetchNow(id) });
  });
  r.get('/:id/runs', 'sources.read', async (req, res) => {
    const { id } = parseInput(idParam, req.params);
    const runs = await service.runs(id, 50);
    res.json({ runs });
  });
  return r;
}
