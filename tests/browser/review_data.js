// The data the reviewers' page test works on, made through the public API like any
// client would: an organization (its admin), an interviewer, a job with a candidate
// applied, a question set with a video, a text and a single-choice question, a module
// whose Video Interview service uses it, an invitation (which makes the screening),
// opened and consented to by the candidate (so its timeline has three events), and
// three answers in the screening: a real clip made with the ffmpeg CLI and uploaded as
// multipart, a text and a choice. It waits until the clip is processed.
'use strict';

const assert = require('assert');
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

class Api {
  constructor(baseUrl, auth = null) {
    this.baseUrl = baseUrl;
    this.auth = auth;
  }
  async send(method, route, body, { expect, headers = {} } = {}) {
    const init = { method, headers: { Accept: 'application/json', ...headers } };
    if (this.auth) init.headers.Authorization = this.auth;
    if (body instanceof FormData) {
      init.body = body;
    } else if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const response = await fetch(`${this.baseUrl}/api/v1${route}`, init);
    const text = await response.text();
    const data = text ? JSON.parse(text) : null;
    if (expect !== undefined) {
      assert.equal(response.status, expect, `${method} ${route}: ${response.status} ${text}`);
    }
    return { status: response.status, data };
  }
  async get(route, expect = 200) {
    return (await this.send('GET', route, undefined, { expect })).data;
  }
  async post(route, body, expect = 201) {
    return (await this.send('POST', route, body, { expect })).data;
  }
}

function makeClip(folder) {
  const file = path.join(folder, 'answer.webm');
  // VP8 and Opus, what a browser's MediaRecorder makes: 3 s of a test picture and a tone.
  execFileSync('ffmpeg', [
    '-v', 'error', '-y',
    '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25:duration=3',
    '-f', 'lavfi', '-i', 'sine=frequency=440:duration=3',
    '-c:v', 'libvpx', '-b:v', '400k', '-c:a', 'libopus', '-shortest', file,
  ]);
  return file;
}

async function waitForMedia(api, answerId, timeoutMs = 60000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await api.get(`/interview/answers/${answerId}/`);
    if (answer.media.status === 'ready') return answer;
    assert.notEqual(answer.media.status, 'failed', `the clip failed: ${answer.media.error}`);
    assert.ok(Date.now() < deadline, `the clip is still ${answer.media.status}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function createData(baseUrl, folder) {
  const stamp = Date.now().toString(36);
  const adminLogin = { email: `admin-${stamp}@example.com`, password: 'correct horse battery staple' };
  const registered = await new Api(baseUrl).post('/auth/register/', {
    organization: { name: 'Review Org' },
    name: 'Alex Admin',
    ...adminLogin,
  });
  const admin = new Api(baseUrl, `Token ${registered.token}`);
  const interviewerLogin = { email: `interviewer-${stamp}@example.com`, password: 'another good password' };
  const interviewer = await admin.post('/users/', { name: 'Ivy Interviewer', role: 'interviewer', ...interviewerLogin });

  const job = await admin.post('/jobs/', { title: 'Backend Engineer', description: 'C++ services.' });
  const candidate = await admin.post('/candidates/', { name: 'Casey Candidate', email: `casey-${stamp}@example.com` });
  await admin.post(`/jobs/${job.id}/candidates/`, { candidate_id: candidate.id });

  const videoService = (await admin.get('/services/')).find((s) => s.name === 'Video Interview');
  const set = await admin.post('/interview/question-sets/', { name: 'Backend questions', service: videoService.id });
  const questions = {
    video: await admin.post('/interview/questions/', { question_set: set.id, type: 'video', order: 1, text: 'Tell us about a system you built.' }),
    text: await admin.post('/interview/questions/', { question_set: set.id, type: 'text', order: 2, text: 'Why do you want this job?' }),
    choice: await admin.post('/interview/questions/', {
      question_set: set.id, type: 'single_choice', order: 3, text: 'Which language do you prefer?', options: ['C++', 'Rust', 'Go'],
    }),
  };
  const module = await admin.post('/interview/interview-modules/', {
    name: 'Engineering interview',
    job: job.id,
    services: [
      { service_name: 'Resume Screening', order: 1, preferences: {} },
      { service_name: 'Video Interview', order: 2, preferences: { question_set_id: set.id } },
    ],
  });
  const invitation = await admin.post('/interview/invitations/', {
    candidate_id: candidate.id, job_id: job.id, module_id: module.id, service: 'Video Interview',
  });
  const candidateApi = new Api(baseUrl, `Invitation ${invitation.url.split('/').pop()}`);
  await candidateApi.get('/candidate/session/');
  await candidateApi.post('/candidate/consent/', { accepted: true }, 200);

  const form = new FormData();
  form.append('screening_id', String(invitation.screening));
  form.append('question', String(questions.video.id));
  form.append('video', new Blob([fs.readFileSync(makeClip(folder))], { type: 'video/webm' }), 'answer.webm');
  const video = await admin.post('/interview/answers/', form);
  const text = await admin.post('/interview/answers/', {
    screening_id: invitation.screening, question: questions.text.id, text: 'I like building reliable services.',
  });
  const choice = await admin.post('/interview/answers/', {
    screening_id: invitation.screening, question: questions.choice.id, choices: ['Rust'],
  });
  await waitForMedia(admin, video.id);

  return {
    admin, adminLogin, adminId: registered.user.id,
    interviewerLogin, interviewerId: interviewer.id,
    job, candidate, module, questions, invitation,
    answers: { video, text, choice },
  };
}

module.exports = { Api, createData };
