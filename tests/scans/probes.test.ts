import { afterEach, describe, expect, it } from 'vitest';
import { PROBE_QUESTIONS, probeQuestions, scanSite, type ScanResult } from '@/src/scans';
import { analyseAnswer } from '@/src/scans/probes';
import { serve, type FixtureServer } from './support/server';
import { PROFILE, store } from './support/store';

const servers: FixtureServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

interface Seen {
  auth: string | undefined;
  body: { model: string; messages: { role: string; content: string }[] };
}

/** A local server speaking the OpenAI chat-completions API. */
async function fakeProvider(answer: (question: string, site: string) => object | { status: number; body: string }, site: () => string) {
  const seen: Seen[] = [];
  const s = await serve({
    '/v1/chat/completions': async (req) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = JSON.parse(Buffer.concat(chunks).toString()) as Seen['body'];
      seen.push({ auth: req.headers.authorization, body });
      const out = answer(body.messages.at(-1)!.content, site());
      if ('status' in out) return { status: out.status as number, headers: { 'content-type': 'application/json' }, body: out.body as string };
      return { headers: { 'content-type': 'application/json' }, body: JSON.stringify(out) };
    },
  });
  servers.push(s);
  return { server: s, seen };
}

const completion = (content: string, extra: object = {}) => ({
  id: 'chatcmpl-test',
  object: 'chat.completion',
  choices: [{ index: 0, message: { role: 'assistant', content, ...extra }, finish_reason: 'stop' }],
  ...extra,
});

describe('answer-engine probes', () => {
  it('asks the fixed questions and forms the Answer engines pillar', async () => {
    const dealer = await serve(store());
    servers.push(dealer);
    const { server, seen } = await fakeProvider((q, site) => {
      if (q.startsWith('What is the best')) {
        return completion(`Top picks:\n1. Capital Honda\n2. Hill Country Honda, known for fair prices (${site}service)\n3. Lone Star Honda`);
      }
      if (q.startsWith('Who services')) {
        return { ...completion('Hill Country Honda has a large service center.'), citations: [`${site}service`, 'https://www.yelp.com/biz/x'] };
      }
      return completion('Try Capital Honda or Lone Star Honda.', { annotations: [{ type: 'url_citation', url_citation: { url: 'https://capitalhonda.example/' } }] });
    }, () => dealer.url);

    const r: ScanResult = await scanSite(
      { websiteUrl: dealer.url, profile: PROFILE },
      { allowedHosts: [dealer.host], probes: { baseUrl: `${server.url}v1`, apiKey: 'sk-test-123', model: 'test-model' } },
    );

    expect(seen).toHaveLength(PROBE_QUESTIONS.length);
    expect(seen[0]!.auth).toBe('Bearer sk-test-123');
    expect(seen.map((s) => s.body.model)).toEqual(Array(4).fill('test-model'));
    expect(seen.map((s) => s.body.messages[0]!.content).sort()).toEqual(
      [
        'What is the best Honda dealer in Austin, TX?',
        'Who services Honda vehicles near Austin, TX?',
        'Where can I buy a used Honda in Austin, TX?',
        'Which Honda dealership near Austin, TX has the best reviews?',
      ].sort(),
    );

    expect(r.probes!.answers[0]).toMatchObject({
      question: 'What is the best Honda dealer in Austin, TX?',
      named: true,
      listPosition: 2,
      listLength: 3,
      citesOwnSite: true,
    });
    expect(r.probes!.answers[1]).toMatchObject({ named: true, listPosition: null, citesOwnSite: true, citedUrls: [`${dealer.url}service`, 'https://www.yelp.com/biz/x'] });
    expect(r.probes!.answers[2]).toMatchObject({ named: false, citedUrls: ['https://capitalhonda.example/'], citesOwnSite: false });

    const named = r.checks.find((c) => c.id === 'answers.named')!;
    expect(named.status).toBe('pass'); // 2 of 4 = 50 %
    expect(named.evidence[0]!.excerpt).toBe('Named in 2 of 4 answers.');
    expect(r.checks.find((c) => c.id === 'answers.cited')!.status).toBe('pass');
    const answers = r.pillars.find((p) => p.id === 'answers')!;
    expect(answers.score).toBe(100);
    expect(answers.checkIds).toEqual(['answers.named', 'answers.cited']);
    // The answers pillar now counts in the overall score.
    const without = await scanSite({ websiteUrl: dealer.url, profile: PROFILE }, { allowedHosts: [dealer.host] });
    expect(without.pillars.find((p) => p.id === 'answers')!.score).toBeNull();
    expect(r.overallScore).toBeGreaterThan(without.overallScore);
    expect(JSON.stringify(r)).not.toContain('sk-test-123');
  });

  it('leaves the pillar "not measured" when the provider fails, and never leaks the key', async () => {
    const dealer = await serve(store());
    servers.push(dealer);
    const { server } = await fakeProvider(() => ({ status: 401, body: JSON.stringify({ error: { message: 'Incorrect API key provided: sk-bad-999' } }) }), () => dealer.url);
    const r = await scanSite(
      { websiteUrl: dealer.url, profile: PROFILE },
      { allowedHosts: [dealer.host], probes: { baseUrl: `${server.url}v1/`, apiKey: 'sk-bad-999', model: 'm' } },
    );
    expect(r.pillars.find((p) => p.id === 'answers')!.score).toBeNull();
    expect(r.checks.find((c) => c.id === 'answers.named')!.status).toBe('not_applicable');
    expect(r.errors).toHaveLength(4);
    expect(r.errors[0]).toMatch(/^probe ".+": HTTP 401: Incorrect API key provided: \[key\]$/);
    expect(JSON.stringify(r)).not.toContain('sk-bad-999');
  });

  it('times out a slow provider', async () => {
    const dealer = await serve(store());
    servers.push(dealer);
    const slow = await serve({ '/chat/completions': { delayMs: 1_000, body: '{}' } });
    servers.push(slow);
    const r = await scanSite(
      { websiteUrl: dealer.url, profile: PROFILE },
      { allowedHosts: [dealer.host], probes: { baseUrl: slow.url, apiKey: 'k', model: 'm', timeoutMs: 100 } },
    );
    expect(r.errors.every((e) => e.endsWith('timed out after 100 ms'))).toBe(true);
    expect(r.pillars.find((p) => p.id === 'answers')!.score).toBeNull();
  });

  it('needs a city and a brand', () => {
    expect(probeQuestions({ ...PROFILE, city: null })).toEqual({ reason: expect.stringMatching(/city/) });
    expect(probeQuestions({ ...PROFILE, brands: [] })).toEqual({ reason: expect.stringMatching(/brand/) });
    const q = probeQuestions({ ...PROFILE, brands: ['Honda', 'Acura', 'Kia'], state: null });
    expect('questions' in q && q.questions).toHaveLength(8);
    expect('questions' in q && q.questions[4]).toBe('What is the best Acura dealer in Austin?');
  });

  it('reads content parts and bare URLs from answers', () => {
    const a = analyseAnswer(
      { choices: [{ message: { content: [{ type: 'text', text: '- Capital Honda\n- hill country honda: https://www.hillcountry.example/service.' }] } }] },
      'Hill Country Honda',
      'https://hillcountry.example/',
    );
    expect(a).toMatchObject({ named: true, listPosition: 2, listLength: 2, citedUrls: ['https://www.hillcountry.example/service'], citesOwnSite: true });
    expect(analyseAnswer(null, 'X', 'https://x.example/')).toMatchObject({ named: false, citedUrls: [] });
  });
});
