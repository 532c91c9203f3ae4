// DO NOT EDIT: generated from spec/openapi.yaml (SHA-256 84944cda64d91fbb85a94c63a9c83b2995898c3573bda09103a451bf9c413024) by `npm run gen:types` (tools/gen-types/gen-types.ts).
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
         *
         *     A created user is sent the verification e-mail (subject `[Tiledesk] Verify your email
         *     address`), whose link `<EMAIL_BASEURL>/#/verify/email/<user id>/<code>` leads to
         *     PUT /auth/verifyemail/{userid}/{code}; the code works for 900 s. No e-mail when
         *     `disableEmail` is truthy, or when the `Authorization` token is the ADMIN_EMAIL's. The
         *     emulator keeps the e-mail in its outbox (GET /__emulator/outbox).
         */
        post: operations["signup"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/signinAnonymously": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in a guest, for a project
         * @description Creates a guest identity for a widget visitor: a fresh UUID v4 as `_id`, the first name
         *     sent or `guest#` plus the UUID's first four characters, and `id` and `fullName`
         *     (`firstname + ' ' + lastname`, so `"guest#1a2b "` with a trailing space when there is no
         *     last name). `lastname`, `email` and `attributes` are echoed as sent; no e-mail is
         *     generated and no user document is created. A `guest` project_user is saved for
         *     `id_project`; the project's existence is **not** checked, but an `id_project` that is not
         *     an ObjectId fails the save with `500 Error saving object.`.
         *
         *     The token's `sub` is `guest`; its payload is the returned user.
         */
        post: operations["signinAnonymously"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/signinWithCustomToken": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in with a token signed by your own backend
         * @description Your backend signs a JWT (HS256) with the project's `jwtSecret`, with
         *     `aud: https://tiledesk.com/projects/<project id>` and an `_id` claim (usually
         *     `sub: userexternal`, your user's `firstname`, `lastname`, `email` and any custom
         *     claims), and the client sends it as `Authorization: JWT <token>`.
         *
         *     The key is chosen from the token's `aud`: `/projects/<id>` → that project's
         *     `jwtSecret`; anything else → the server's global key. The signature and `exp`/`nbf` are
         *     checked; `aud` and `iss` are not required to match anything. Every verification failure
         *     is `401` with the plain-text body `Unauthorized`.
         *
         *     The first sign-in creates a project_user with the token's `role` (default `user`);
         *     later sign-ins reuse it. For a `user` role the answer echoes the `Authorization` header
         *     and the token's claims. For `owner`, `admin` or `agent` a real user is created (or found
         *     by e-mail) and a new server token (`sub: user`) is returned with it.
         *
         *     With a generic `aud` (e.g. `https://tiledesk.com`, a server-issued token) and no
         *     `id_project` in the body, the answer simply echoes the header and the claims.
         */
        post: operations["signinWithCustomToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/requestresetpsw": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Send the password reset e-mail
         * @description Looks up the active user (`status` 100) with the lower-cased e-mail, gives it a new
         *     password reset key (replacing any earlier one) and sends the reset e-mail, whose link
         *     `<EMAIL_BASEURL>/#/resetpassword/<key>` leads to the dashboard's reset page
         *     (GET /auth/checkpswresetkey/{resetpswrequestid}, PUT /auth/resetpsw/{resetpswrequestid}).
         *     The emulator keeps the e-mail in its outbox (GET /__emulator/outbox).
         *
         *     An unknown e-mail is not an error status: `200 {"success":false,"msg":"User not found."}`.
         *     A missing e-mail (or one that is not a string) is a `500 {"err":"error"}`: the server
         *     lower-cases it without checking. The body is not validated otherwise.
         */
        put: operations["requestPasswordReset"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/checkpswresetkey/{resetpswrequestid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Check a password reset key
         * @description The dashboard's reset page calls this first. A key is valid from
         *     PUT /auth/requestresetpsw until it is used by PUT /auth/resetpsw/{resetpswrequestid} or
         *     replaced by a newer request; it does not expire. The user is returned whatever its
         *     status, without its password hash and its key.
         */
        get: operations["checkPasswordResetKey"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/resetpsw/{resetpswrequestid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set a new password with a reset key
         * @description Saves the new password (bcrypt-hashed; no password policy), uses the key up (a second
         *     call answers 404), and sends the "password changed" e-mail. The old password stops
         *     working at once.
         *
         *     The real server's answer carries the user document as saved, **with its new bcrypt
         *     hash**; the emulator leaves the hash out (a deliberate divergence). A body without a
         *     password (or with a falsy one) is never answered by the real server; the emulator
         *     answers `500 {"err":"error"}` and says why (a deliberate divergence). A password that
         *     is an object or a list cannot be saved: `500 Error saving object.`, and the key still
         *     works. A number or boolean is saved as its string.
         */
        put: operations["resetPassword"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/verifyemail/{userid}/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Verify an e-mail address with the code from the verification e-mail
         * @description The link of signup's verification e-mail, `<EMAIL_BASEURL>/#/verify/email/<userid>/<code>`,
         *     opens the dashboard, which calls this with `{"emailverified": true}`. The code works for
         *     900 s after it was sent (on the emulator's clock, `PUT /__emulator/clock`), as often as
         *     needed, and only for the user it was sent to.
         *
         *     The route saves the body into the user, whatever it holds, as mongoose's
         *     `findByIdAndUpdate` does: each path of the user model (`email` as sent, capitals
         *     included, `firstname`, `lastname`, `emailverified`, `status`, `attributes`, `phone`,
         *     `signedInAt`, `description`, `public_email`, `public_website`, `authUrl`,
         *     `resetpswrequestid`, `__v`) cast to its type (`"yes"`/`1` are true, `"5"` is 5, a number
         *     is a string), other keys dropped; `updatedAt` moves. A value that does not cast answers
         *     500 with mongoose's CastError. Two deliberate divergences: a `password` is not saved
         *     (the real server stores it unhashed), and a different `_id` is refused (500), as MongoDB
         *     refuses it.
         *
         *     The real server's error codes: 10005 (expired or unknown code), 10006 (another user's
         *     code); 10004 (missing code) cannot happen, as a path without a code is another route;
         *     10001 (404, user not found) only in the emulator, for a code whose user is gone (the real
         *     server would create a user without an e-mail).
         */
        put: operations["verifyEmail"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The signed-in user
         * @description The caller's user document as the dashboard reads it after single sign-on:
         *     `_id`, `email`, `firstname`, `lastname` and `emailverified` (fields the user does not
         *     have are absent). The user is looked up by the caller's id whatever its status.
         *
         *     Authentication: HTTP Basic with e-mail and password, or `Authorization: JWT <token>`
         *     (see the `basicAuth` and `jwtHeader` schemes). A server token (`sub: user`) must still
         *     name an active user. A guest or external-user token (`sub: guest` / `userexternal`) is
         *     accepted as it is: its `_id` is then looked up, and is usually not a user (404), or not
         *     even an ObjectId (500). The dashboard calls it `users/` too: a trailing slash is the
         *     same route.
         */
        get: operations["getUser"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/resendverifyemail": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Send the e-mail address verification again
         * @description Makes a new verification code (valid 900 s, like signup's) and sends the caller a new
         *     verification e-mail (`[Tiledesk] Verify your email address`, link
         *     `<EMAIL_BASEURL>/#/verify/email/<user id>/<code>`), to the caller's e-mail: the user's,
         *     or a token's `email` claim. A caller without an e-mail (a guest) is answered the same,
         *     and no e-mail is sent. The e-mail goes to the emulator's outbox
         *     (`GET /__emulator/outbox`), and over SMTP when `EMAIL_ENABLED=true`. Same
         *     authentication as `GET /users`; the dashboard calls it with a trailing slash.
         */
        get: operations["resendVerifyEmail"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/changepsw": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Change the signed-in user's password
         * @description Checks `oldpsw` against the user's password and stores `newpsw` (bcrypt). No password
         *     policy; no e-mail is sent; tokens issued before stay valid (they never expire). Same
         *     authentication as `GET /users`; the dashboard sends it to `users/changepsw/`.
         *
         *     Where the real server never answers (no `oldpsw`, or an empty or other falsy one; a
         *     guest's token, whose id is not an ObjectId), the emulator answers
         *     `500 {"err":"error"}` and says why in `x-emulator-diagnostic`.
         */
        put: operations["changePassword"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/chat21/native/auth/createCustomToken": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The chat token of the web widget and the mobile app
         * @description The token the web widget and the mobile app ask for right after every sign-in, for
         *     the chat21 (RabbitMQ/MQTT) channel: HS256 with `CHAT21_JWT_SECRET` (default
         *     `tokenKey`), header `{"alg":"HS256","typ":"JWT"}`, claims in this order: `jti` (a
         *     UUID v4), `sub`, `scope` (RabbitMQ read, write and configure patterns for
         *     `apps.tilechat.users.<id>`), `client_id`, `cid`, `azp`, `user_id` (all the caller's
         *     `_id`), `app_id` `tilechat`, `iat`, `exp` (`iat` + 30 days), `aud`
         *     (`["rabbitmq", <id>]`), `kid` `tiledesk-key`, `tiledesk_api_roles` `user`. No `JWT `
         *     prefix. Any caller the authentication accepts gets one, a guest included. Same
         *     authentication as `GET /users`; the body is ignored.
         */
        post: operations["createChatToken"];
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
        ChangePasswordRequest: {
            /**
             * @description The current password, a string. Compared with bcrypt; any other type is "invalid".
             *     Missing or falsy: the real server never answers (the emulator answers 500).
             * @example janepassword
             */
            oldpsw?: unknown;
            /**
             * @description The new password, a string (a number or boolean is stored as its string); no
             *     policy. Must differ from `oldpsw` (compared as sent, with `===`).
             * @example a-new-password
             */
            newpsw?: unknown;
        };
        ChangePasswordResponse: {
            /** @enum {string} */
            message: "Password change successful";
        };
        ResendVerifyEmailResponse: {
            /** @enum {boolean} */
            success: true;
            /** @enum {string} */
            message: "Verify email successfully sent";
        };
        ChatTokenResponse: {
            /**
             * @description The caller's `_id` (a string in practice; a token's claim as it is).
             * @example 65f0a0000000000000000002
             */
            userid: unknown;
            /**
             * @description `firstname + ' ' + lastname`, each empty when absent.
             * @example Jane Doe
             */
            fullname: string;
            /**
             * @description Absent when the caller has none.
             * @example Jane
             */
            firstname?: unknown;
            /**
             * @description Absent when the caller has none.
             * @example Doe
             */
            lastname?: unknown;
            /** @description A compact JWT, HS256 with `CHAT21_JWT_SECRET`; no `JWT ` prefix. */
            token: string;
        };
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
             * @description The password, a string; no length or complexity rule. The server does not validate
             *     it: missing, empty or another falsy value gives 200
             *     `{"success":false,"msg":"Please pass email and password."}`; a number or boolean is
             *     stored as its string; an object or array cannot be saved (500).
             * @example a-password
             */
            password?: unknown;
            /**
             * @description Optional, a string. Not validated up front: trimmed, then it must match
             *     `^\+?[1-9]\d{1,14}$`, otherwise 500 `Registration cannot be completed`. Not unique:
             *     the model declares a unique index, but on a deployment that had users before the
             *     field existed (as the emulator's fixtures) MongoDB cannot build it, and two users
             *     may share a phone.
             * @example +393331234567
             */
            phone?: unknown;
            /**
             * @description When truthy (in JavaScript's sense: the form value `"false"` is truthy too) the
             *     server sends no verification e-mail. Any type.
             */
            disableEmail?: unknown;
        };
        SigninAnonymouslyRequest: {
            /**
             * @description The project. Not checked to exist; a value that is not an ObjectId gives
             *     `500 Error saving object.`.
             * @example 65f0b0000000000000000001
             */
            id_project: components["schemas"]["NotEmpty"];
            /**
             * @description A string in practice. Not validated: echoed with whatever type it has; default
             *     `guest#` and the first four characters of the new id.
             * @example Ada
             */
            firstname?: unknown;
            /**
             * @description A string in practice. Not validated; echoed as sent.
             * @example Lovelace
             */
            lastname?: unknown;
            /**
             * @description A string in practice. Not validated, not lower-cased; echoed as sent.
             * @example ada@example.com
             */
            email?: unknown;
            /**
             * @description Any custom attributes, an object in practice; echoed as sent.
             * @example {
             *       "plan": "pro"
             *     }
             */
            attributes?: unknown;
        };
        /**
         * @description The guest. The current server returns `_id`, `firstname`, the optional fields sent, `id`
         *     and `fullName`; servers before 2020 returned a generated e-mail, `emailverified`,
         *     timestamps and `__v` instead, so all of those are optional here.
         */
        AnonymousUser: {
            /** @description A UUID v4 (an ObjectId on servers before 2020). */
            _id: string;
            /** @description A string, unless the request sent another type (echoed as sent). */
            firstname?: unknown;
            /** @description Echoed as sent. */
            lastname?: unknown;
            /** @description Echoed as sent (a generated `<uuid>@tiledesk.com` on servers before 2020). */
            email?: unknown;
            /** @description Echoed as sent. */
            attributes?: unknown;
            /** @description The same as `_id`. */
            id?: string;
            /** @description `firstname + ' ' + lastname`, with a trailing space when there is no last name. */
            fullName?: string;
            emailverified?: boolean;
            /** Format: date-time */
            createdAt?: string;
            /** Format: date-time */
            updatedAt?: string;
            __v?: number;
        };
        SigninAnonymouslyResponse: {
            /** @enum {boolean} */
            success: true;
            token: components["schemas"]["Token"];
            user: components["schemas"]["AnonymousUser"];
        };
        SigninWithCustomTokenRequest: {
            /**
             * @description The project (an ObjectId string), when the token's `aud` does not name one. Not
             *     validated: a value that is not an ObjectId makes the server echo the token.
             * @example 65f0b0000000000000000001
             */
            id_project?: unknown;
        };
        /**
         * @description The verified claims of the caller's token, as they are (custom claims included). `_id`
         *     is there, or `_doc._id` for tokens in the old format.
         */
        CustomTokenClaims: {
            /** @description Your user's id, as your backend put it in the token. */
            _id?: unknown;
            /**
             * @description Usually `userexternal`. Claims are echoed with the types your backend gave them.
             * @example userexternal
             */
            sub?: unknown;
            /**
             * @description The audience; a string URL in practice (`https://tiledesk.com/projects/<id>`).
             * @example https://tiledesk.com/projects/65f0b0000000000000000001
             */
            aud?: unknown;
            /**
             * @description The project role; `owner`, `admin` and `agent` create a real user.
             * @example user
             */
            role?: unknown;
            /**
             * @description Issued at, in seconds.
             * @example 1767225600
             */
            iat?: unknown;
            /**
             * @description Expiry, in seconds; optional.
             * @example 1767229200
             */
            exp?: unknown;
        } & {
            [key: string]: unknown;
        };
        SigninWithCustomTokenResponse: {
            /** @enum {boolean} */
            success: true;
            /**
             * @description The `Authorization` header as sent, or `JWT <new server token>` for the owner,
             *     admin and agent roles. (Where the header did not contain `JWT`, the server prefixes
             *     it, so a lower-case `jwt <token>` header can come back as `JWT jwt <token>`.)
             */
            token: string;
            /** @description The caller's claims, or the user document for the owner, admin and agent roles. */
            user: components["schemas"]["CustomTokenClaims"] | components["schemas"]["User"];
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
        PasswordResetRequest: {
            /**
             * @description The account's e-mail, any case. Not validated: anything but a string answers 500.
             * @example jane.doe@example.com
             */
            email?: unknown;
        };
        PasswordResetRequested: {
            /** @enum {boolean} */
            success: true;
            /** @enum {string} */
            message: "An email has been sent to reset your password";
        };
        /**
         * @description A user document as the server stores it, without its password hash and its reset key.
         *     PUT /auth/verifyemail/{userid}/{code} saves what its body carries, so any path of the
         *     real user model may be there, with whatever value mongoose cast it to (a null too).
         */
        UserDocument: {
            _id: components["schemas"]["ObjectId"];
            email: string | null;
            firstname?: string | null;
            lastname?: string | null;
            emailverified?: boolean | null;
            status?: number | null;
            phone?: string | null;
            /** @description Any value (a Mixed path of the real model). */
            attributes?: unknown;
            /** @description ISO 8601 in UTC; outside the years 0000–9999 the year is signed and six digits long. */
            signedInAt?: string | null;
            description?: string | null;
            public_email?: string | null;
            public_website?: string | null;
            authUrl?: string | null;
            /** Format: date-time */
            createdAt?: string;
            /** Format: date-time */
            updatedAt?: string;
            __v?: number | null;
        };
        PasswordResetKeyValid: {
            /** @enum {string} */
            message: "Valid password reset key";
            user: components["schemas"]["UserDocument"];
        };
        ResetPasswordRequest: {
            /**
             * @description The new password. Not validated; see the operation for what each type does.
             * @example a-new-password
             */
            password?: unknown;
        };
        PasswordChanged: {
            /** @enum {string} */
            message: "Password change successful";
            /** @description The user as saved; the emulator leaves the real answer's `password` hash out. */
            user: components["schemas"]["UserDocument"] & {
                /**
                 * @description The used key, emptied.
                 * @enum {string}
                 */
                resetpswrequestid: "";
            };
        };
        /**
         * @description Any paths of the user model, each cast to its type by mongoose; other keys are dropped.
         *     Not validated up front.
         */
        UserUpdate: {
            /**
             * @description true, false, "true", "false", 1, 0, "1", "0", "yes", "no" or null.
             * @example true
             */
            emailverified?: unknown;
        };
        VerificationError: {
            /** @enum {boolean} */
            success: false;
            error: string;
            /** @enum {integer} */
            error_code: 10005 | 10006;
        };
        UserNotFoundError: {
            /** @enum {boolean} */
            success: false;
            /** @enum {string} */
            msg: "User not found";
            /** @enum {integer} */
            error_code: 10001;
        };
        /** @description The update's error, as the server serialises it under `msg`. */
        UpdateError: {
            /** @enum {boolean} */
            success: false;
            msg: {
                [key: string]: unknown;
            };
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
            /**
             * @description The limit in bytes. Absent when a form body has more than 1,000 fields
             *     (body-parser's parameterLimit), which the server answers with this 413 too.
             */
            limit?: number;
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
         * @description Neither HTTP Basic nor a token authenticated the caller: no `Authorization`, unknown
         *     e-mail or wrong password, a user who is not active, a bad or expired token, a server
         *     token whose user is gone or not active. Plain text `Unauthorized` with no
         *     `Content-Type`, sent chunked, and `WWW-Authenticate: Basic realm="Users"`. The
         *     emulator's `x-emulator-diagnostic` header says which.
         */
        BasicOrJwtUnauthorized: {
            headers: {
                "WWW-Authenticate"?: "Basic realm=\"Users\"";
                [name: string]: unknown;
            };
            content: {
                "text/plain": "Unauthorized";
            };
        };
        /**
         * @description An `Authorization` header of one word (`Basic`, `Bearer`, `JWT`), or Basic credentials
         *     without a `:` (after base64 decoding) and no valid token besides. Plain text
         *     `Bad Request`, no `Content-Type`, sent chunked, no `WWW-Authenticate`.
         */
        BasicBadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "text/plain": "Bad Request";
            };
        };
        /**
         * @description Authenticated, but the `Authorization` header does not split on single spaces into
         *     exactly two parts (`JWT <token> more`, or a token sent only as `?secret_token=`).
         */
        AuthorizationNotTwoParts: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["MsgError"];
            };
        };
        /** @description No user has this key (never issued, used, or replaced by a newer request). */
        InvalidResetKey: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["MsgError"];
            };
        };
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
        /**
         * @description The body is larger than the server's limit (500 KB by default, for JSON and form
         *     bodies alike), or a form body has more than 1,000 fields. body-parser answers it before
         *     CORS runs: a browser cannot read it.
         */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
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
    parameters: {
        /**
         * @description The key from the reset e-mail's link (`…/#/resetpassword/<key>`).
         * @example 8j3mxdlw9m7
         */
        ResetKey: string;
    };
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
             * @description The e-mail is already registered. The message is under the key `message`, not
             *     `msg`.
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
    signinAnonymously: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description JSON or form-encoded. */
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id_project": "65f0b0000000000000000001",
                 *       "firstname": "Ada",
                 *       "attributes": {
                 *         "plan": "pro"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["SigninAnonymouslyRequest"];
                /**
                 * @example {
                 *       "id_project": "65f0b0000000000000000001"
                 *     }
                 */
                "application/x-www-form-urlencoded": components["schemas"]["SigninAnonymouslyRequest"];
            };
        };
        responses: {
            /** @description Signed in as a guest. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SigninAnonymouslyResponse"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            /** @description `id_project` is missing or empty. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "errors": [
                     *         {
                     *           "msg": "Invalid value",
                     *           "param": "id_project",
                     *           "location": "body"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ValidationErrors"];
                };
            };
            /**
             * @description `id_project` is not an ObjectId, so the guest's project_user cannot be saved; or the
             *     body is malformed JSON.
             */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MsgError"] | components["schemas"]["GenericError"];
                };
            };
        };
    };
    signinWithCustomToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Only read when the token's `aud` names no project. */
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "id_project": "65f0b0000000000000000001"
                 *     }
                 */
                "application/json": components["schemas"]["SigninWithCustomTokenRequest"];
                /**
                 * @example {
                 *       "id_project": "65f0b0000000000000000001"
                 *     }
                 */
                "application/x-www-form-urlencoded": components["schemas"]["SigninWithCustomTokenRequest"];
            };
        };
        responses: {
            /**
             * @description Signed in. `token` is the `Authorization` header as sent (the user role, and the
             *     generic-audience echo) or a new server token (owner, admin, agent roles); `user` is
             *     the token's claims or the user document accordingly.
             */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SigninWithCustomTokenResponse"];
                };
            };
            /** @description The token (valid, signed with the global key) has no usable `aud`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MsgError"];
                };
            };
            /**
             * @description `Unauthorized` in plain text: no token, a scheme other than `JWT` (`Bearer` is not
             *     accepted), a bad signature, an expired token or one not yet valid, an unknown
             *     project or one without a `jwtSecret`, a payload without `_id`. passport writes it
             *     with `res.end()`: it has **no `Content-Type` header** and is sent chunked (declared
             *     here as `text/plain`, what it is). The emulator's `x-emulator-diagnostic` header
             *     says which.
             *
             *     JSON: the project_user of this external id is disabled, or an owner/admin/agent
             *     token's user cannot be found.
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example Unauthorized */
                    "text/plain": "Unauthorized";
                    "application/json": components["schemas"]["MsgError"];
                };
            };
            /** @description The `Authorization` header does not split on single spaces into exactly two parts. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": false,
                     *       "msg": "Unauthorized."
                     *     }
                     */
                    "application/json": components["schemas"]["MsgError"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            /**
             * @description The token's `aud` is not a parseable URL, the body is malformed JSON, or an
             *     owner/admin/agent token has no `email` claim.
             */
            500: {
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
    };
    requestPasswordReset: {
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
                 *       "email": "jane.doe@example.com"
                 *     }
                 */
                "application/json": components["schemas"]["PasswordResetRequest"];
                /**
                 * @example {
                 *       "email": "jane.doe@example.com"
                 *     }
                 */
                "application/x-www-form-urlencoded": components["schemas"]["PasswordResetRequest"];
            };
        };
        responses: {
            /**
             * @description The e-mail was sent (`success: true`), or no active user has that e-mail
             *     (`success: false`; still HTTP 200).
             */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PasswordResetRequested"] | components["schemas"]["MsgError"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            /** @description The body has no `email` string, or is malformed JSON. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GenericError"];
                };
            };
        };
    };
    checkPasswordResetKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The key from the reset e-mail's link (`…/#/resetpassword/<key>`).
                 * @example 8j3mxdlw9m7
                 */
                resetpswrequestid: components["parameters"]["ResetKey"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The key is valid. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PasswordResetKeyValid"];
                };
            };
            404: components["responses"]["InvalidResetKey"];
            500: components["responses"]["ServerError"];
        };
    };
    resetPassword: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The key from the reset e-mail's link (`…/#/resetpassword/<key>`).
                 * @example 8j3mxdlw9m7
                 */
                resetpswrequestid: components["parameters"]["ResetKey"];
            };
            cookie?: never;
        };
        /** @description JSON or form-encoded; both are accepted by the server. */
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "password": "a-new-password"
                 *     }
                 */
                "application/json": components["schemas"]["ResetPasswordRequest"];
                /**
                 * @example {
                 *       "password": "a-new-password"
                 *     }
                 */
                "application/x-www-form-urlencoded": components["schemas"]["ResetPasswordRequest"];
            };
        };
        responses: {
            /** @description The password was changed. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PasswordChanged"];
                };
            };
            404: components["responses"]["InvalidResetKey"];
            413: components["responses"]["PayloadTooLarge"];
            /**
             * @description The password cannot be saved (an object or a list), the body is malformed JSON, or
             *     (emulator only) there is no password.
             */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MsgError"] | components["schemas"]["GenericError"];
                };
            };
        };
    };
    verifyEmail: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The user's `_id`, from the e-mail's link.
                 * @example 65f0a00000000000000000aa
                 */
                userid: string;
                /**
                 * @description The verification code, from the e-mail's link.
                 * @example 6a4mxdlvr5v
                 */
                code: string;
            };
            cookie?: never;
        };
        /** @description What to save into the user; JSON or form-encoded. */
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "emailverified": true
                 *     }
                 */
                "application/json": components["schemas"]["UserUpdate"];
                /**
                 * @example {
                 *       "emailverified": "true"
                 *     }
                 */
                "application/x-www-form-urlencoded": components["schemas"]["UserUpdate"];
            };
        };
        responses: {
            /** @description The user as saved, without its password hash. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserDocument"];
                };
            };
            /** @description The code is unknown or expired (10005), or was sent to another user (10006). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VerificationError"];
                };
            };
            /**
             * @description Emulator only: the code's user is no longer in the store (the real server would
             *     create a user document without an e-mail).
             */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserNotFoundError"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            /**
             * @description A value did not cast to its path's type (mongoose's CastError), the e-mail belongs
             *     to another user (a unique index), the `_id` would change, or the body is malformed
             *     JSON.
             */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UpdateError"] | components["schemas"]["GenericError"];
                };
            };
        };
    };
    getUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The user. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SigninUser"];
                };
            };
            400: components["responses"]["BasicBadRequest"];
            401: components["responses"]["BasicOrJwtUnauthorized"];
            403: components["responses"]["AuthorizationNotTwoParts"];
            /** @description The caller's id (an external user's or a guest's token) names no user. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MsgError"];
                };
            };
            /**
             * @description The caller's id is not an ObjectId (a guest's UUID, say): `Error getting object.`.
             *     Or a server token whose `_id` is not an ObjectId: `{"err":"error"}`.
             */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MsgError"] | components["schemas"]["GenericError"];
                };
            };
        };
    };
    resendVerifyEmail: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The e-mail was handed over (delivery does not hold the answer). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ResendVerifyEmailResponse"];
                };
            };
            400: components["responses"]["BasicBadRequest"];
            401: components["responses"]["BasicOrJwtUnauthorized"];
            403: components["responses"]["AuthorizationNotTwoParts"];
            500: components["responses"]["ServerError"];
        };
    };
    changePassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description JSON or form-encoded. */
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "oldpsw": "janepassword",
                 *       "newpsw": "a-new-password"
                 *     }
                 */
                "application/json": components["schemas"]["ChangePasswordRequest"];
                /**
                 * @example {
                 *       "oldpsw": "janepassword",
                 *       "newpsw": "a-new-password"
                 *     }
                 */
                "application/x-www-form-urlencoded": components["schemas"]["ChangePasswordRequest"];
            };
        };
        responses: {
            /** @description The password was changed. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChangePasswordResponse"];
                };
            };
            400: components["responses"]["BasicBadRequest"];
            /**
             * @description JSON: `oldpsw` is not the user's password (or is not a string), or the caller's id
             *     (an external user's token) is no user's. Plain text `Unauthorized`: the caller is
             *     not authenticated (see `GET /users`).
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MsgError"];
                    "text/plain": "Unauthorized";
                };
            };
            /**
             * @description `newpsw` equals `oldpsw` (key `message`), or the `Authorization` header is not two
             *     parts (key `msg`, see `GET /users`).
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessageError"] | components["schemas"]["MsgError"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            /**
             * @description `newpsw` is missing, empty, an object or an array: the user cannot be saved
             *     (`Error saving object.`). `{"err":"error"}`: a malformed body, a server token whose
             *     `_id` is not an ObjectId, or (emulator only, where the real server never answers)
             *     no `oldpsw` or a guest's token.
             */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MsgError"] | components["schemas"]["GenericError"];
                };
            };
        };
    };
    createChatToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller's chat token. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChatTokenResponse"];
                };
            };
            400: components["responses"]["BasicBadRequest"];
            401: components["responses"]["BasicOrJwtUnauthorized"];
            403: components["responses"]["AuthorizationNotTwoParts"];
            413: components["responses"]["PayloadTooLarge"];
            500: components["responses"]["ServerError"];
        };
    };
}
