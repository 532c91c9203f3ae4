/** The single operationId → handler map. Reading it lists every implemented operation. */
import { createChatToken } from './chat-token.js';
import { changePassword, getUser, resendVerifyEmail } from './current-user.js';
import { signin } from './signin.js';
import { signinAnonymously } from './signin-anonymously.js';
import { signinWithCustomToken } from './signin-with-custom-token.js';
import { signup } from './signup.js';
import type { Handlers } from './types.js';

export const handlers: Handlers = {
  signin,
  signup,
  signinAnonymously,
  signinWithCustomToken,
  getUser,
  resendVerifyEmail,
  changePassword,
  createChatToken,
};
