import { makeRequest } from './engine.test-support';
import { classifyUse, EU_AI_ACT_RULES } from './eu-ai-act';
import { EuAiActClass, Sector } from './risk-context';

const { PROHIBITED, HIGH, LIMITED, MINIMAL } = EuAiActClass;

/** [use case, affected population, sector, expected class, provision expected among the reasons]. */
type Row = [string, string, Sector, EuAiActClass, string | null];

const TABLE: Row[] = [
  // Article 5(1): prohibited practices.
  [
    'Social scoring of residents based on their behaviour to allocate services',
    'residents',
    Sector.PUBLIC_SERVICES,
    PROHIBITED,
    'Art. 5(1)(c)',
  ],
  ['Mobile game using subliminal techniques to increase spending', 'players', Sector.OTHER, PROHIBITED, 'Art. 5(1)(a)'],
  [
    'In-app helper that manipulates users into buying upgrades',
    'children aged 8-12',
    Sector.OTHER,
    PROHIBITED,
    'Art. 5(1)(b)',
  ],
  [
    'Predict which individuals will commit crimes from their profiles',
    'residents',
    Sector.PUBLIC_SERVICES,
    PROHIBITED,
    'Art. 5(1)(d)',
  ],
  [
    'Scrape facial images from social media to build a face search database',
    'internet users',
    Sector.OTHER,
    PROHIBITED,
    'Art. 5(1)(e)',
  ],
  ['Emotion recognition during video calls', 'employees of the organisation', Sector.OTHER, PROHIBITED, 'Art. 5(1)(f)'],
  ['Detect emotions from webcams during lessons', 'learners', Sector.EDUCATION, PROHIBITED, 'Art. 5(1)(f)'],
  ['Infer ethnicity and religion of visitors from facial images', 'visitors', Sector.OTHER, PROHIBITED, 'Art. 5(1)(g)'],
  [
    'Real-time facial recognition in public spaces for the police',
    'the public',
    Sector.PUBLIC_SERVICES,
    PROHIBITED,
    'Art. 5(1)(h)',
  ],
  // Article 6 with Annex III (and Annex I): high risk.
  ['Remote facial recognition of people entering the building', 'visitors', Sector.OTHER, HIGH, 'Annex III 1(a)'],
  ['Biometric categorisation of visitors by age group', 'visitors', Sector.OTHER, HIGH, 'Annex III 1(b)'],
  ['Emotion recognition of patients in therapy sessions', 'patients', Sector.HEALTH, HIGH, 'Annex III 1(c)'],
  ['Forecast load on the electricity grid as a safety component', 'consumers', Sector.OTHER, HIGH, 'Annex III 2'],
  ['Automated grading of student exams', 'secondary school students', Sector.EDUCATION, HIGH, 'Annex III 3'],
  ['Proctoring online exams', 'students', Sector.EDUCATION, HIGH, 'Annex III 3'],
  ['Rank university admissions applications', 'applicants', Sector.EDUCATION, HIGH, 'Annex III 3'],
  ['Screening CVs of job applicants', 'job applicants', Sector.OTHER, HIGH, 'Annex III 4'],
  [
    'Determine eligibility for social welfare benefits',
    'low-income households',
    Sector.PUBLIC_SERVICES,
    HIGH,
    'Annex III 5(a)',
  ],
  [
    'Beneficiary targeting for cash transfers after floods',
    'flood-affected households',
    Sector.HUMANITARIAN,
    HIGH,
    'Annex III 5(a)',
  ],
  ['Credit scoring of smallholder farmers for micro-loans', 'farmers', Sector.AGRICULTURE, HIGH, 'Annex III 5(b)'],
  ['Pricing of life insurance policies', 'customers', Sector.OTHER, HIGH, 'Annex III 5(c)'],
  ['Triage of emergency calls and dispatch of ambulances', 'callers', Sector.HEALTH, HIGH, 'Annex III 5(d)'],
  ['Diagnosis support for clinicians reading chest X-rays', 'patients', Sector.HEALTH, HIGH, 'Art. 6(1) with Annex I'],
  ['Suggest treatment plans', 'hospital patients', Sector.OTHER, HIGH, 'Art. 6(1) with Annex I'],
  ['Assist police in criminal investigations', 'suspects', Sector.PUBLIC_SERVICES, HIGH, 'Annex III 6'],
  ['Assessing asylum applications', 'asylum seekers', Sector.PUBLIC_SERVICES, HIGH, 'Annex III 7'],
  ['Help judges research case law', 'litigants', Sector.PUBLIC_SERVICES, HIGH, 'Annex III 8(a)'],
  ['Micro-targeting of voters before the referendum', 'voters', Sector.CIVIL_SOCIETY, HIGH, 'Annex III 8(b)'],
  // Article 50: transparency duties.
  [
    "Chatbot answering farmers' questions about crop disease",
    'smallholder farmers',
    Sector.AGRICULTURE,
    LIMITED,
    'Art. 50(1)',
  ],
  [
    'Tutoring assistant that helps students understand exam topics',
    'students',
    Sector.EDUCATION,
    LIMITED,
    'Art. 50(1)',
  ],
  ['Information chatbot about rights and procedures', 'asylum seekers', Sector.HUMANITARIAN, LIMITED, 'Art. 50(1)'],
  ['Answer questions of people looking for work', 'job applicants', Sector.OTHER, LIMITED, 'Art. 50(1)'],
  ['Generate SMS reminders for vaccination appointments', 'parents', Sector.HEALTH, LIMITED, 'Art. 50(2)'],
  ['Summarise field reports for programme staff', 'programme staff', Sector.HUMANITARIAN, LIMITED, 'Art. 50(2)'],
  // Minimal risk.
  ['Classify photos of crop pests for an internal dataset', 'agronomists', Sector.AGRICULTURE, MINIMAL, null],
  ['Detect spam in the organisation inbox', 'staff', Sector.OTHER, MINIMAL, null],
  [
    'Flag and report content that manipulates children, for moderators',
    'moderators',
    Sector.CIVIL_SOCIETY,
    MINIMAL,
    null,
  ],
  ['Sort support tickets into triage queues by topic', 'staff', Sector.OTHER, MINIMAL, null],
  ['Detect fraud in loan applications', 'applicants', Sector.OTHER, MINIMAL, null],
];

describe(classifyUse.name, () => {
  it.each(TABLE)('%p (%s, %s) -> %s under %s', (useCase, affectedPopulation, sector, expected, provision) => {
    const sut = classifyUse(makeRequest({ useCase, affectedPopulation, sector }));
    expect(sut.euAiActClass).toBe(expected);
    if (provision) expect(sut.reasons.filter((r) => r.startsWith(provision))).not.toEqual([]);
  });

  it('names the words that triggered a provision', () => {
    const sut = classifyUse(makeRequest({ useCase: 'Screening CVs of job applicants' }));
    expect(sut.reasons[0]).toBe(
      'Annex III 4(a): employment: recruitment or selection, targeted job adverts, analysing and filtering applications, evaluating candidates ("screening cvs")',
    );
    expect(sut.provisions[0]).toMatchObject({
      euAiActClass: HIGH,
      reference: 'Annex III 4(a)',
      triggers: [{ field: 'useCase', text: 'screening cvs' }],
    });
  });

  it('names the field of each trigger: use case, affected population or sector', () => {
    const sut = classifyUse(
      makeRequest({
        useCase: 'Detect emotions during lessons',
        affectedPopulation: 'pupils',
        sector: Sector.EDUCATION,
      }),
    );
    expect(sut.provisions[0]).toEqual({
      euAiActClass: PROHIBITED,
      reference: 'Art. 5(1)(f)',
      label: expect.any(String),
      triggers: [
        { field: 'useCase', text: 'detect emotions' },
        { field: 'affectedPopulation', text: 'pupils' },
      ],
    });
    expect(sut.caveat).toBe(sut.reasons.at(-1));
  });

  it('keeps every matched provision, highest class first', () => {
    const sut = classifyUse(
      makeRequest({ useCase: 'Chatbot that answers pupils and grades their essays', sector: Sector.EDUCATION }),
    );
    expect(sut.provisions.map((p) => [p.euAiActClass, p.reference])).toEqual([
      [HIGH, 'Annex III 3(b)'],
      [LIMITED, 'Art. 50(1)'],
    ]);
  });

  it('lists every matching provision, highest class first, then the caveat of the class', () => {
    const sut = classifyUse(makeRequest({ useCase: 'Chatbot that helps recruiters with screening CVs' }));
    expect(sut.euAiActClass).toBe(HIGH);
    expect(sut.reasons.map((r) => r.split(':')[0])).toEqual(['Annex III 4(a)', 'Art. 50(1)', 'Keyword pre-screen']);
    expect(sut.reasons.at(-1)).toContain('Art. 6(3)');
  });

  it('says why a use is minimal risk', () => {
    const sut = classifyUse(
      makeRequest({ useCase: 'Extract fields from invoices', affectedPopulation: 'finance team' }),
    );
    expect(sut.reasons).toEqual([expect.stringContaining('voluntary codes of conduct, Art. 95')]);
  });

  it('reads the affected population only for who is affected, not for the purpose', () => {
    const forChildren = makeRequest({
      useCase: 'App that manipulates users into longer sessions',
      affectedPopulation: 'children',
    });
    const forAdults = makeRequest({
      useCase: 'App that manipulates users into longer sessions',
      affectedPopulation: 'adults',
    });
    expect(classifyUse(forChildren).euAiActClass).toBe(PROHIBITED);
    expect(classifyUse(forAdults).euAiActClass).not.toBe(PROHIBITED);
  });

  it('does not prohibit emotion recognition for medical reasons', () => {
    const sut = classifyUse(
      makeRequest({ useCase: 'Emotion recognition for medical monitoring of staff', affectedPopulation: 'nurses' }),
    );
    expect(sut.euAiActClass).toBe(HIGH);
  });

  it('needs a health context to treat diagnosis as a medical device', () => {
    const sut = classifyUse(
      makeRequest({
        useCase: 'Diagnosis of failures in irrigation pumps',
        sector: Sector.AGRICULTURE,
        affectedPopulation: 'farmers',
      }),
    );
    expect(sut.euAiActClass).toBe(MINIMAL);
  });

  it('is case-insensitive and deterministic', () => {
    const request = makeRequest({ useCase: 'SOCIAL SCORING of citizens' });
    expect(classifyUse(request)).toEqual(classifyUse(request));
    expect(classifyUse(request).euAiActClass).toBe(PROHIBITED);
  });

  it('orders its rules PROHIBITED, then HIGH, then LIMITED', () => {
    const order = [PROHIBITED, HIGH, LIMITED];
    const ranks = EU_AI_ACT_RULES.map((r) => order.indexOf(r.euAiActClass));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(ranks).not.toContain(-1);
  });
});
