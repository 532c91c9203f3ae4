/** The single operationId → handler map. Reading it lists every implemented operation. */
import { createChatToken } from './chat-token.js';
import { checkPasswordResetKey } from './check-password-reset-key.js';
import { changePassword, getUser, resendVerifyEmail } from './current-user.js';
import { requestPasswordReset } from './request-password-reset.js';
import { resetPassword } from './reset-password.js';
import { signin } from './signin.js';
import { signinAnonymously } from './signin-anonymously.js';
import { signinWithCustomToken } from './signin-with-custom-token.js';
import { signup } from './signup.js';
import type { Handlers } from './types.js';
import { verifyEmail } from './verify-email.js';

export const handlers: Handlers = {
  signin,
  signup,
  signinAnonymously,
  signinWithCustomToken,
  getUser,
  resendVerifyEmail,
  changePassword,
  createChatToken,
  requestPasswordReset,
  checkPasswordResetKey,
  resetPassword,
  verifyEmail,
};
