// #/sign-in: email and password → POST auth/token/; the token and user go to
// sessionStorage.
import { ApiError, session, signIn } from '../api.js';
import { fill, h } from '../dom.js';

export async function signInView(ctx) {
  ctx.title('Sign in');
  const error = h('p', { class: 'error', role: 'alert', id: 'sign-in-error' });
  error.hidden = true;
  const email = h('input', {
    id: 'email',
    name: 'email',
    type: 'email',
    autocomplete: 'username',
    required: true,
    spellcheck: 'false',
  });
  const password = h('input', {
    id: 'password',
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Sign in');
  const form = h(
    'form',
    { class: 'card sign-in', novalidate: true, 'aria-describedby': 'sign-in-error' },
    h('div', { class: 'field' }, h('label', { for: 'email' }, 'Email'), email),
    h('div', { class: 'field' }, h('label', { for: 'password' }, 'Password'), password),
    error,
    h('div', { class: 'actions' }, submit),
  );
  const showError = (text, field) => {
    error.textContent = text;
    error.hidden = false;
    for (const input of [email, password]) input.removeAttribute('aria-invalid');
    if (field) {
      field.setAttribute('aria-invalid', 'true');
      field.focus();
    }
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!email.value.trim()) return showError('Enter your email address.', email);
    if (!password.value) return showError('Enter your password.', password);
    submit.disabled = true;
    error.hidden = true;
    ctx.announce('Signing in…');
    try {
      const answer = await signIn(email.value.trim(), password.value);
      session.save(answer.token, answer.user);
      ctx.signedIn();
    } catch (err) {
      const wrongPair = err instanceof ApiError && err.status === 400;
      showError(wrongPair ? 'The email or the password is not right.' : err.message, wrongPair ? password : null);
    } finally {
      submit.disabled = false;
    }
  });
  fill(
    ctx.main,
    h('h1', {}, 'Sign in'),
    h('p', {}, 'Sign in with your account of the interview service to review candidates.'),
    ctx.notice ? h('p', { class: 'notice', role: 'status' }, ctx.notice) : null,
    form,
  );
  email.focus();
}
