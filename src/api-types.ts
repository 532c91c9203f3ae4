// DO NOT EDIT: generated from spec/openapi.yaml by `npm run gen:types` (scripts/gen-types.ts).
export interface paths {
    "/auth/signin": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in with e-mail and password
         * @description Looks up the active user (`status` 100) with the lower-cased e-mail and checks the
         *     password against its bcrypt hash. On success returns a JWT that never expires.
         *
         *     The two failures are told apart: an unknown e-mail gives
         *     `Authentication failed. User not found.`, a wrong password
         *     `Authentication failed. Wrong password.`. When the e-mail is the server's
         *     `ADMIN_EMAIL` (default `admin@tiledesk.com`) the body carries `"role": "admin"`.
         */
        post: operations["signin"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/signup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a user with e-mail and password
         * @description Creates an active user (`status` 100, `emailverified` false) with the lower-cased
         *     e-mail and a bcrypt hash of the password. There is no password policy. The answer is
         *     `200` (not `201`) and contains **no token**: sign in afterwards.
         *
         *     A missing password is not a validation error: it gives `200` with
         *     `{"success":false,"msg":"Please pass email and password."}`.
         */
        post: operations["signup"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * Format: email
         * @description An e-mail address as validator.js `isEmail` accepts it (a TLD is required).
         * @example jane.doe@example.com
         */
        Email: string;
        /**
         * @description Any JSON scalar whose string form is not empty. The server only checks that the value
         *     is not empty; a number or boolean passes that check.
         */
        NotEmpty: string | number | boolean;
        SigninRequest: {
            email: components["schemas"]["Email"];
            /**
             * @description The password. A string in practice; a falsy JSON value (`0`, `false`) passes
             *     validation and is answered 401 `Authentication failed.  Password is required.`.
             * @example janepassword
             */
            password: components["schemas"]["NotEmpty"];
        };
        SignupRequest: {
            email: components["schemas"]["Email"];
            /** @example New */
            firstname: components["schemas"]["NotEmpty"];
            /** @example User */
            lastname: components["schemas"]["NotEmpty"];
            /**
             * @description The password; no length or complexity rule. Missing or empty, the server answers
             *     200 `{"success":false,"msg":"Please pass email and password."}`.
             * @example a-password
             */
            password?: string | number | boolean;
            /**
             * @description Optional. Trimmed, then it must match `^\+?[1-9]\d{1,14}$` and be unique: otherwise
             *     500 `Registration cannot be completed`, or 403 `Email already registered` for a
             *     phone already in use.
             * @example +393331234567
             */
            phone?: string;
            /** @description When truthy the server sends no verification e-mail. */
            disableEmail?: boolean | string;
        };
        /**
         * @description A MongoDB ObjectId, 24 lower-case hexadecimal characters.
         * @example 65f0a1b2c3d4e5f6a7b8c9d0
         */
        ObjectId: string;
        /**
         * @description `JWT ` followed by a compact JWT (HS256 unless the server is configured for RS256).
         *     Claims: the user fields, `iat`, `aud` and `iss` `https://tiledesk.com`, `sub` `user`,
         *     `jti` (a UUID v4). There is no `exp`: the token does not expire.
         */
        Token: string;
        /** @description The user as signin selects it. Fields that the user does not have are absent. */
        SigninUser: {
            _id: components["schemas"]["ObjectId"];
            email: string;
            firstname?: string;
            lastname?: string;
            emailverified?: boolean;
        };
        SigninResponse: {
            /** @enum {boolean} */
            success: true;
            token: components["schemas"]["Token"];
            user: components["schemas"]["SigninUser"];
            /**
             * @description Present only when the e-mail is the server's `ADMIN_EMAIL`.
             * @enum {string}
             */
            role?: "admin";
        };
        /**
         * @description A user document as the server stores it, without its password hash. The public docs'
         *     older examples omit `firstname`, `lastname` and `status`; they are optional here so
         *     either version's answer matches.
         */
        User: {
            _id: components["schemas"]["ObjectId"];
            email: string;
            firstname?: string;
            lastname?: string;
            emailverified: boolean;
            /**
             * @description 100 is an active user; only active users can sign in.
             * @example 100
             */
            status?: number;
            phone?: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            /** @example 0 */
            __v: number;
        };
        SignupResponse: {
            /** @enum {boolean} */
            success: true;
            /** @enum {string} */
            msg: "Successfully created new user.";
            user: components["schemas"]["User"];
        };
        /** @description The server's usual error body, with the message under `msg`. */
        MsgError: {
            /** @enum {boolean} */
            success: false;
            msg: string;
        };
        /** @description The error body of signup's save errors, with the message under `message`. */
        MessageError: {
            /** @enum {boolean} */
            success: false;
            message: string;
        };
        /** @description The server's catch-all error body. */
        GenericError: {
            /** @enum {string} */
            err: "error";
        };
        PayloadTooLargeError: {
            /** @enum {string} */
            err: "Request entity too large";
            /** @description The limit in bytes. */
            limit: number;
        };
        ValidationErrors: {
            errors: components["schemas"]["ValidationErrorItem"][];
        };
        ValidationErrorItem: {
            /** @description The value sent; absent when the field was missing. */
            value?: unknown;
            /** @example Invalid value */
            msg: string;
            /** @example email */
            param: string;
            /** @enum {string} */
            location: "body" | "query" | "headers" | "cookies" | "params";
        };
    };
    responses: {
        /**
         * @description The body failed the server's checks (express-validator). One item per failing field,
         *     in the order the server checks them; `value` is the value sent and is absent when the
         *     field was missing. E-mail syntax is validator.js `isEmail` with its defaults.
         */
        ValidationFailed: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "errors": [
                 *         {
                 *           "value": "not-an-email",
                 *           "msg": "Invalid value",
                 *           "param": "email",
                 *           "location": "body"
                 *         },
                 *         {
                 *           "msg": "Invalid value",
                 *           "param": "password",
                 *           "location": "body"
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["ValidationErrors"];
            };
        };
        /** @description The body is larger than the server's limit (500 KB by default). */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "err": "Request entity too large",
                 *       "limit": 512000
                 *     }
                 */
                "application/json": components["schemas"]["PayloadTooLargeError"];
            };
        };
        /**
         * @description The body is malformed JSON, or the server failed unexpectedly. The body says nothing
         *     more; the emulator explains in its log and in the `x-emulator-diagnostic` header.
         */
        ServerError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "err": "error"
                 *     }
                 */
                "application/json": components["schemas"]["GenericError"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    signin: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description JSON or form-encoded; both are accepted by the server. */
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "email": "jane.doe@example.com",
                 *       "password": "janepassword"
                 *     }
                 */
                "application/json": components["schemas"]["SigninRequest"];
                /**
                 * @example {
                 *       "email": "jane.doe@example.com",
                 *       "password": "janepassword"
                 *     }
                 */
                "application/x-www-form-urlencoded": components["schemas"]["SigninRequest"];
            };
        };
        responses: {
            /** @description Signed in. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SigninResponse"];
                };
            };
            /**
             * @description No active user has that e-mail, the password is wrong, or the password is a falsy
             *     JSON value (`0`, `false`). Note the two spaces in the last message.
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MsgError"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationFailed"];
            500: components["responses"]["ServerError"];
        };
    };
    signup: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description JSON or form-encoded; both are accepted by the server. */
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "email": "new.user@example.com",
                 *       "password": "a-password",
                 *       "firstname": "New",
                 *       "lastname": "User"
                 *     }
                 */
                "application/json": components["schemas"]["SignupRequest"];
                /**
                 * @example {
                 *       "email": "new.user@example.com",
                 *       "password": "a-password",
                 *       "firstname": "New",
                 *       "lastname": "User"
                 *     }
                 */
                "application/x-www-form-urlencoded": components["schemas"]["SignupRequest"];
            };
        };
        responses: {
            /**
             * @description The user was created (`success: true`), or the e-mail or password was missing or
             *     empty (`success: false`; still HTTP 200).
             */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignupResponse"] | components["schemas"]["MsgError"];
                };
            };
            /**
             * @description The e-mail (or the phone number) is already registered. The message is under the
             *     key `message`, not `msg`.
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": false,
                     *       "message": "Email already registered"
                     *     }
                     */
                    "application/json": components["schemas"]["MessageError"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationFailed"];
            /**
             * @description The user could not be saved (for example a `phone` that is not E.164-like), or the
             *     body is malformed JSON.
             */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessageError"] | components["schemas"]["GenericError"];
                };
            };
        };
    };
}
