// DO NOT EDIT: generated from spec/control.yaml (SHA-256 59351f7847efd3426f896d4ab4e3f71e0d634a460dbf662dbd5fa87dcab2cb03) by `npm run gen:types` (tools/gen-types/gen-types.ts).
export interface paths {
    "/__emulator/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness, version and what is being emulated
         * @description Answers 200 once the emulator serves requests. The hashes let a CI job assert which
         *     spec and fixtures it is testing against. Public: it needs no control token and answers
         *     on every address, so a container health check can call it.
         */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__emulator/reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Restore the fixtures
         * @description Replaces the state with the fixtures, in memory and on disk, and clears the journal and the outbox.
         */
        post: operations["resetState"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__emulator/seed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add users, projects and project_users
         * @description Adds records to the current state. A user's `password` may be plain text (it is hashed
         *     with the configured bcrypt cost) or a bcrypt hash (kept). Missing ids and timestamps are
         *     generated; a project without `jwtSecret` gets a UUID, as the real server generates one.
         *     Nothing is added when any record is invalid or an e-mail is already taken.
         */
        post: operations["seedState"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__emulator/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The users, without their password hashes */
        get: operations["listUsers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__emulator/projects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The projects, without their secrets */
        get: operations["listProjects"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__emulator/project-users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The project_users */
        get: operations["listProjectUsers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__emulator/requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The journal of Tiledesk API requests received
         * @description Oldest first, at most the last 1,000. Passwords, tokens, secrets and `Authorization`
         *     headers are redacted. Control API calls are not journaled.
         */
        get: operations["listRequests"];
        put?: never;
        post?: never;
        /** Empty the journal */
        delete: operations["clearRequests"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__emulator/outbox": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The e-mails sent
         * @description Every e-mail the real server would have sent (signup's verification, the password
         *     reset request, password changed), oldest first, in this namespace. Sender, recipients,
         *     subject and links are the real server's (EMAIL_FROM_ADDRESS, EMAIL_BCC, EMAIL_BASEURL,
         *     BRAND_NAME); the text is the emulator's own. At most the last `--outbox-limit`
         *     (default 1,000): when older ones were dropped, `X-Emulator-Outbox-Dropped` says how many.
         *     A reset empties it. The journal entry of the request that sent an e-mail lists its `seq`
         *     under `mails`.
         */
        get: operations["listOutbox"];
        put?: never;
        post?: never;
        /** Empty the outbox */
        delete: operations["clearOutbox"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__emulator/custom-tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mint a custom token for a project
         * @description Signs a token as your backend would for `/auth/signinWithCustomToken`: HS256 with the
         *     project's `jwtSecret`, `aud` `https://tiledesk.com/projects/<id>`, `sub` `userexternal`,
         *     `iat`, `exp` (unless `expiresIn` is 0), and the claims given (a UUID `_id` if none).
         */
        post: operations["createCustomToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__emulator/faults": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The faults armed */
        get: operations["listFaults"];
        put?: never;
        /**
         * Arm a fault for the next calls of an operation
         * @description The next calls of `operationId` get the fault, with nothing asked by the client:
         *     a declared `status` (its first example, or the named `example`); a `status` the
         *     operation does not declare, from 400 to 599 (a gateway's 502/503/504, a rate limiter's
         *     429), answered with a `text/plain` body, the status's reason phrase (e.g.
         *     `Service Unavailable`), and counted in the coverage as outside the contract; a `delayMs` before
         *     the answer (alone, the real answer comes late), or a transport `fault`: `reset` (the
         *     connection is dropped), `hang` (no answer, until the client or a shutdown gives up),
         *     `malformed` (a truncated HTTP answer). For `times` calls (default 1), or with a
         *     `probability` (0 to 1) for every call until cleared. A reset clears every fault.
         */
        post: operations["armFault"];
        /** Clear every fault */
        delete: operations["clearFaults"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__emulator/faults/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @example f1 */
                id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Clear one fault */
        delete: operations["clearFault"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__emulator/clock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The emulator's time */
        get: operations["getClock"];
        /**
         * Set or advance the emulator's time
         * @description `now` stops the clock at that time; `advanceMs` moves it on (a running clock is
         *     stopped at now + advanceMs). It drives `iat`, the `exp`/`nbf` checks of custom
         *     tokens and createdAt/updatedAt. It stays set across resets; DELETE lets it run again.
         */
        put: operations["setClock"];
        post?: never;
        /** Back to real time */
        delete: operations["releaseClock"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__emulator/snapshots": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The snapshots saved */
        get: operations["listSnapshots"];
        put?: never;
        /**
         * Save the state under a name
         * @description Kept in memory, for this run (a reset keeps them); restore with
         *     `POST /__emulator/snapshots/{name}/restore`. A name already used is replaced.
         */
        post: operations["saveSnapshot"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__emulator/snapshots/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @example before */
                name: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Drop a snapshot */
        delete: operations["dropSnapshot"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__emulator/snapshots/{name}/restore": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @example before */
                name: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Bring a snapshot's state back
         * @description The store holds the snapshot's records again, on disk too; the journal is kept.
         */
        post: operations["restoreSnapshot"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__emulator/coverage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Which declared answers the requests exercised
         * @description Per operation, the response statuses the spec declares and how often each was
         *     answered, and the named examples met (an answer steered to one, or whose body is the
         *     example's word for word), and the requests that failed validation: what a frontend's
         *     tests covered of the contract. A reset does not clear it.
         */
        get: operations["getCoverage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__emulator/requests/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The journal, live (server-sent events)
         * @description A `text/event-stream` of the journal: first the entries it holds, oldest first, then
         *     each Tiledesk API request as it is answered, one `event: request` whose `data` is a
         *     JournalEntry (redacted, as GET /__emulator/requests returns it); `event: cleared` when
         *     the journal is emptied (a reset, DELETE /__emulator/requests). A comment line every 15
         *     seconds keeps proxies from closing an idle stream. The stream ends when the emulator
         *     closes. Entries are taken from the journal only as fast as the client reads; a client
         *     that falls behind what the journal keeps is ended (reconnect to read it afresh). At
         *     most --max-streams are open at once (507 past it). EventSource cannot send an `Authorization` header: with a control token, read
         *     the stream with fetch(), as the web UI does.
         */
        get: operations["streamRequests"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__emulator/tokens/inspect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Decode a token and say which key verifies it
         * @description Decodes a JWT (with or without the `JWT ` scheme) and checks it as
         *     /auth/signinWithCustomToken would: the key is chosen from its `aud` (a project's
         *     `jwtSecret` for `https://tiledesk.com/projects/<id>`, else the global key), then the
         *     signature and `exp`/`nbf` are checked against the emulator's clock. The answer names the
         *     key (`verifiedBy`) or says why none verifies it (`reason`, with the 401's `code`); it
         *     never contains a key. Nothing is changed.
         */
        post: operations["inspectToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__emulator/namespaces": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The namespaces in use
         * @description A request with `x-emulator-namespace: <name>` (or under `/__ns/<name>/…`) works on that
         *     namespace's own state: a store in memory made from the fixtures on first use, with its
         *     own journal, faults, coverage and snapshots, so that parallel test workers share one
         *     emulator without cross-talk. The control API takes the same header (a reset resets
         *     that namespace). The emulator's own state is the one without a namespace.
         */
        get: operations["listNamespaces"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__emulator/namespaces/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @example worker-1 */
                name: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Drop a namespace and its state */
        delete: operations["dropNamespace"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        ControlError: {
            /** @enum {string} */
            error: "invalid_request" | "unauthorized" | "forbidden" | "not_found" | "conflict" | "payload_too_large" | "unsupported_media_type" | "store_failure" | "limit_reached" | "internal_error";
            message: string;
            /** @description The field at fault, as a path such as `users[0].email`. */
            field?: string;
        };
        Health: {
            /** @enum {string} */
            status: "ok";
            /** @description The emulator's process id, so that a script that started it (`$!`) knows the answer comes from its own process and not from another one left on the port. */
            pid: number;
            /** @description The emulator's version. */
            version: string;
            /** @description The Tiledesk server version whose behaviour is emulated. */
            tiledeskVersion: string;
            uptimeMs: number;
            spec: {
                /** @description SHA-256 of the bundled openapi.yaml. */
                sha256: string;
            };
            fixtures: {
                file: string;
                sha256: string;
            };
            store: {
                /** @enum {string} */
                kind: "file" | "memory";
                file?: string;
            };
            operations: string[];
        };
        ResetResult: {
            /** @enum {boolean} */
            reset: true;
            durationMs: number;
        };
        /** @example 65f0a0000000000000000002 */
        ObjectId: string;
        /** Format: date-time */
        Timestamp: string;
        /**
         * @description A date PUT /auth/verifyemail saved, as JSON writes it: ISO 8601 in UTC, its year signed
         *     and six digits long outside 0000–9999 (mongoose keeps any date JavaScript has), or null.
         */
        SavedDate: string | null;
        BcryptHash: string;
        /** @description A user as the store file and the fixtures hold it. */
        StoredUser: {
            _id: components["schemas"]["ObjectId"];
            /**
             * @description Lower-cased as signup stores it. Not re-checked as an e-mail: signup validates the
             *     address as sent, then lower-cases it, and lower-casing can turn a valid address into
             *     one validator.js would reject (as on the real server). PUT /auth/verifyemail saves
             *     the body's `email` as it is, capitals included, as the real server does (a null
             *     too).
             */
            email: string | null;
            password: components["schemas"]["BcryptHash"];
            firstname?: string | null;
            lastname?: string | null;
            emailverified: boolean | null;
            /** @description 100 is active. */
            status: number | null;
            phone?: string | null;
            /** @description Any value (a Mixed path of the real model). */
            attributes?: unknown;
            /** @description The password reset key PUT /auth/requestresetpsw set; empty once used. Never in an answer. */
            resetpswrequestid?: string | null;
            signedInAt?: components["schemas"]["SavedDate"];
            description?: string | null;
            public_email?: string | null;
            public_website?: string | null;
            authUrl?: string | null;
            createdAt: components["schemas"]["Timestamp"];
            updatedAt: components["schemas"]["Timestamp"];
            /** @description 0 as the emulator writes it; PUT /auth/verifyemail saves any number (or null). */
            __v: number | null;
        };
        /** @description A stored user without its password hash. */
        PublicUser: {
            _id: components["schemas"]["ObjectId"];
            email: string | null;
            firstname?: string | null;
            lastname?: string | null;
            emailverified: boolean | null;
            status: number | null;
            phone?: string | null;
            /** @description Any value (a Mixed path of the real model). */
            attributes?: unknown;
            createdAt: components["schemas"]["Timestamp"];
            updatedAt: components["schemas"]["Timestamp"];
            __v: number | null;
        };
        /** @description A project as the store holds it. */
        Project: {
            _id: components["schemas"]["ObjectId"];
            name: string;
            /** @description The secret custom tokens for this project are signed with. */
            jwtSecret?: string;
            /** @description 100 is active; custom tokens only verify for an active project. */
            status: number;
            createdBy?: string;
            createdAt: components["schemas"]["Timestamp"];
            updatedAt: components["schemas"]["Timestamp"];
            __v: number;
        };
        PublicProject: {
            _id: components["schemas"]["ObjectId"];
            name: string;
            status: number;
            hasJwtSecret: boolean;
            createdBy?: string;
            createdAt?: components["schemas"]["Timestamp"];
            updatedAt?: components["schemas"]["Timestamp"];
            __v?: number;
        };
        /** @description A project membership as the store holds it. */
        ProjectUser: {
            _id: components["schemas"]["ObjectId"];
            id_project: components["schemas"]["ObjectId"];
            id_user?: components["schemas"]["ObjectId"];
            uuid_user?: string;
            /**
             * @description Usually owner, admin, supervisor, agent, teammate, user or guest; a custom token's
             *     role claim is saved as sent, as on the real server.
             */
            role: string;
            /** @enum {integer} */
            roleType: 1 | 2;
            user_available: boolean;
            /** @enum {string} */
            status: "active" | "disabled";
            number_assigned_requests: number;
            trashed: boolean;
            createdBy: string;
            updatedBy?: string;
            permissions?: unknown[];
            tags?: unknown[];
            last_login_at?: components["schemas"]["Timestamp"];
            createdAt: components["schemas"]["Timestamp"];
            updatedAt: components["schemas"]["Timestamp"];
            __v: number;
        };
        /** @description A fixtures file, and the store file (the same shape). */
        Fixtures: {
            users: components["schemas"]["StoredUser"][];
            projects?: components["schemas"]["Project"][];
            project_users?: components["schemas"]["ProjectUser"][];
            /** @description The e-mail verification codes signup sent (store files only; never in fixtures). */
            verify_codes?: components["schemas"]["VerifyCode"][];
        };
        VerifyCode: {
            /** @description The code. */
            _id: string;
            user_id: string;
            email: string;
            createdAt: components["schemas"]["Timestamp"];
            expiresAt: components["schemas"]["Timestamp"];
        };
        SeedUser: {
            _id?: components["schemas"]["ObjectId"];
            /** Format: email */
            email: string;
            /** @description Plain text (hashed on the way in, `$2a$` as the real server writes) or a bcrypt hash (kept). */
            password: string;
            firstname?: string;
            lastname?: string;
            emailverified?: boolean;
            status?: number;
            phone?: string;
            attributes?: {
                [key: string]: unknown;
            };
            createdAt?: components["schemas"]["Timestamp"];
            updatedAt?: components["schemas"]["Timestamp"];
            __v?: number;
        };
        SeedProject: {
            _id?: components["schemas"]["ObjectId"];
            name: string;
            jwtSecret?: string;
            status?: number;
            createdBy?: string;
            createdAt?: components["schemas"]["Timestamp"];
            updatedAt?: components["schemas"]["Timestamp"];
            __v?: number;
        };
        SeedProjectUser: {
            _id?: components["schemas"]["ObjectId"];
            id_project: components["schemas"]["ObjectId"];
            id_user?: components["schemas"]["ObjectId"];
            uuid_user?: string;
            /** @enum {string} */
            role: "owner" | "admin" | "supervisor" | "agent" | "teammate" | "user" | "guest";
            /** @enum {integer} */
            roleType?: 1 | 2;
            /** @enum {string} */
            status?: "active" | "disabled";
            user_available?: boolean;
            number_assigned_requests?: number;
            trashed?: boolean;
            createdBy?: string;
            last_login_at?: components["schemas"]["Timestamp"];
            permissions?: unknown[];
            tags?: unknown[];
            createdAt?: components["schemas"]["Timestamp"];
            updatedAt?: components["schemas"]["Timestamp"];
            __v?: number;
        };
        /**
         * @description A fixtures file (`fixtures/seed.json`, `--fixtures`): the records a new store starts
         *     with and a reset returns to, in the form POST /__emulator/seed takes. An e-mail and a
         *     password make a user; everything else has the real server's defaults. Passwords may be
         *     plain text (hashed at load) or bcrypt hashes. `fixtures/schema.json` is this schema as
         *     JSON Schema, for editors.
         */
        FixturesFile: {
            $schema?: string;
            users?: components["schemas"]["SeedUser"][];
            projects?: components["schemas"]["SeedProject"][];
            project_users?: components["schemas"]["SeedProjectUser"][];
        };
        SeedRequest: {
            users?: components["schemas"]["SeedUser"][];
            projects?: components["schemas"]["SeedProject"][];
            project_users?: components["schemas"]["SeedProjectUser"][];
        };
        SeedResult: {
            users: components["schemas"]["PublicUser"][];
            projects: components["schemas"]["PublicProject"][];
            project_users: components["schemas"]["ProjectUser"][];
        };
        /** @description An e-mail, as the real server would have sent it. */
        OutboxEntry: {
            /** @description From 1, never reused (not even after a reset); a gap shows dropped e-mails. */
            seq: number;
            at: components["schemas"]["Timestamp"];
            /** @enum {string} */
            kind: "verify-email" | "reset-password" | "password-changed";
            /** @description EMAIL_FROM_ADDRESS (default `Tiledesk Notification <postmaster@mg.tiledesk.com>`). */
            from: string;
            /**
             * @description The user's address; for the notification copy the real server sends when EMAIL_BCC is
             *     set, EMAIL_BCC as given (its subject ends in ` - notification`).
             */
            to: string;
            /** @description The message's Bcc recipients; empty, as the real server sets none (EMAIL_BCC gets a copy of its own). */
            bcc: string[];
            subject: string;
            text: string;
            html: string;
            /** @description The links to the dashboard the e-mail carries, under EMAIL_BASEURL. */
            links: string[];
            /** @description The verification code (verify-email), for PUT /auth/verifyemail/{userid}/{code}. */
            code?: string;
            /** @description The password reset key (reset-password), for /auth/checkpswresetkey and /auth/resetpsw. */
            key?: string;
        };
        JournalEntry: {
            /** @description The journal's sequence number; `?since=<seq>` lists what came after. */
            seq: number;
            /** @description Null for a request no operation matched (a 404, or the 400 catch-all). */
            operationId: string | null;
            method: string;
            /** @description The URL as requested, query included (secrets redacted). */
            path: string;
            status: number;
            time: components["schemas"]["Timestamp"];
            durationMs: number;
            /**
             * @description The parsed body, with passwords, tokens and secrets redacted. A body whose JSON is
             *     larger than 16 KiB is kept as the start of that text, and `bodyTruncated` is true.
             */
            body?: unknown;
            /**
             * @description The body was cut to the journal's 16 KiB.
             * @enum {boolean}
             */
            bodyTruncated?: true;
            /** @description The answer's `x-emulator-diagnostic` header, when it had one. */
            diagnostic?: string;
            /** @description The request's headers, `authorization` and `cookie` redacted. */
            headers?: {
                [key: string]: unknown;
            };
            /** @description The answer, its tokens and secrets redacted (its first 16 KiB when larger). */
            response?: {
                body: unknown;
            };
            /** @description The outbox `seq` of each e-mail the request sent (GET /__emulator/outbox). */
            mails?: number[];
        };
        CustomTokenRequest: {
            projectId: components["schemas"]["ObjectId"];
            /** @description Claims to include; `role` `owner`, `admin` or `agent` makes a real user at sign-in. */
            claims?: {
                [key: string]: unknown;
            };
            /** @description Lifetime in seconds; 0 for no `exp`. Default 3600. */
            expiresIn?: number;
        };
        CustomTokenResult: {
            /** @description `JWT <token>`, ready for the Authorization header. */
            token: string;
            claims: {
                [key: string]: unknown;
            };
        };
        FaultRequest: {
            /** @description One of the Tiledesk API's operations, e.g. `signin`. */
            operationId: string;
            /** @description A status the operation declares, answered with its example; or any other from 400 to 599, answered with a plain-text body (its reason phrase). */
            status?: number;
            /** @description A named example of that status (default its first). */
            example?: string;
            delayMs?: number;
            /** @enum {string} */
            fault?: "reset" | "hang" | "malformed";
            /** @description How many calls get it (default 1, unless `probability` is given). */
            times?: number;
            /** @description The chance each call gets it, until cleared. */
            probability?: number;
        };
        Fault: {
            id: string;
            operationId: string;
            status?: number;
            example?: string;
            delayMs?: number;
            /** @enum {string} */
            fault?: "reset" | "hang" | "malformed";
            /** @description Calls left. */
            times?: number;
            probability?: number;
            /** @description Calls that got it so far. */
            hits: number;
            createdAt: components["schemas"]["Timestamp"];
        };
        ClockRequest: {
            now?: components["schemas"]["Timestamp"];
            advanceMs?: number;
        };
        Clock: {
            now: components["schemas"]["Timestamp"];
            frozen: boolean;
        };
        SnapshotRequest: {
            name: string;
        };
        Snapshot: {
            name: string;
            createdAt: components["schemas"]["Timestamp"];
            /** @description How many users it holds. */
            users: number;
            projects: number;
            project_users: number;
        };
        Coverage: {
            operations: {
                operationId: string;
                statuses: {
                    status: string;
                    count: number;
                    /** @description Answers by the named example they were (steered to one, or its very body). */
                    examples?: {
                        [key: string]: number;
                    };
                }[];
                /** @description Statuses answered that the operation does not declare (an armed fault's 503, say): outside the contract, not counted in `covered` or `declared`. */
                undeclared?: {
                    status: string;
                    count: number;
                }[];
            }[];
            /** @description Declared statuses answered at least once. */
            covered: number;
            declared: number;
            percent: number;
            /** @description Requests answered 422 (they failed the spec's request schema). */
            invalidRequests: number;
        };
        TokenInspectRequest: {
            /** @description A compact JWT, or `JWT <token>` as the Authorization header carries it. */
            token: string;
        };
        TokenInspection: {
            header: {
                [key: string]: unknown;
            };
            claims: {
                [key: string]: unknown;
            };
            /** @description `iat`, `nbf` and `exp`, those that are numbers, as ISO times. */
            times: {
                iat?: components["schemas"]["Timestamp"];
                nbf?: components["schemas"]["Timestamp"];
                exp?: components["schemas"]["Timestamp"];
            };
            now: components["schemas"]["Timestamp"];
            verified: boolean;
            /**
             * @description Which key the token's `aud` chose (absent when none could be chosen).
             * @enum {string}
             */
            key?: "project" | "global";
            /** @description The key that verifies it, named, never given. */
            verifiedBy?: string;
            /** @description When not verified, the code /auth/signinWithCustomToken's 401 would carry. */
            code?: string;
            /** @description When not verified, why; or, when verified, why sign-in would still fail. */
            reason?: string;
        };
        Namespace: {
            name: string;
            users: number;
            project_users: number;
            /** @description Requests in its journal. */
            requests: number;
        };
    };
    responses: {
        /** @description The body does not match the schema; `field` names the first bad field. */
        ControlBadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": "invalid_request",
                 *       "message": "users[0].email: must match format \"email\"",
                 *       "field": "users[0].email"
                 *     }
                 */
                "application/json": components["schemas"]["ControlError"];
            };
        };
        /** @description A control token is set and the request does not carry it. */
        ControlUnauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": "unauthorized",
                 *       "message": "send Authorization: Bearer <control token>"
                 *     }
                 */
                "application/json": components["schemas"]["ControlError"];
            };
        };
        /**
         * @description The control API is off: the emulator listens on a non-loopback address and no control
         *     token is set. Start it with `--control-token` to use these endpoints there.
         */
        ControlForbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": "forbidden",
                 *       "message": "the control API is off on 0.0.0.0 without a control token; set --control-token or CONTROL_TOKEN"
                 *     }
                 */
                "application/json": components["schemas"]["ControlError"];
            };
        };
        /**
         * @description A limit of the emulator was reached (a new namespace past --max-namespaces, a fault
         *     past --max-faults, a snapshot past --snapshot-limit, a live-journal stream past
         *     --max-streams); the message names the flag and what frees room. Nothing was changed.
         */
        ControlLimitReached: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": "limit_reached",
                 *       "message": "1000 namespaces exist, the most --max-namespaces (MAX_NAMESPACES) allows; drop unused ones (DELETE /__emulator/namespaces/{name}) or raise the limit. No namespace w-1001 was made",
                 *       "field": "x-emulator-namespace"
                 *     }
                 */
                "application/json": components["schemas"]["ControlError"];
            };
        };
        /** @description The body is larger than the emulator's body limit. */
        ControlPayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": "payload_too_large",
                 *       "message": "the body is larger than the limit of 512000 bytes for JSON (JSON_BODY_LIMIT)"
                 *     }
                 */
                "application/json": components["schemas"]["ControlError"];
            };
        };
        /**
         * @description A call that changes state was not sent as `application/json`. Web pages can send
         *     text/plain, form and empty POSTs without a CORS preflight; refusing them keeps any page
         *     the developer opens from driving the control API. Nothing was changed.
         */
        ControlUnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": "unsupported_media_type",
                 *       "message": "a control call that changes state must be sent as application/json (got text/plain); nothing was changed"
                 *     }
                 */
                "application/json": components["schemas"]["ControlError"];
            };
        };
        /** @description The store could not be written, or the emulator failed unexpectedly. */
        ControlFailure: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": "store_failure",
                 *       "message": "cannot write the store file db.json: ENOSPC: no space left on device"
                 *     }
                 */
                "application/json": components["schemas"]["ControlError"];
            };
        };
    };
    parameters: {
        /** @description The most records in this page, 1 to 1,000 (the default). */
        Limit: number;
        /** @description How many records to skip (default 0). */
        Offset: number;
    };
    requestBodies: never;
    headers: {
        /** @description How many records the list has in all (every page). */
        XTotalCount: number;
        /** @description The next page, `<path?offset=…&limit=…>; rel="next"`, when there is one. */
        Link: string;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "ok",
                     *       "pid": 4242,
                     *       "version": "0.1.0",
                     *       "tiledeskVersion": "2.19.16",
                     *       "uptimeMs": 1520,
                     *       "spec": {
                     *         "sha256": "9b3f0c4e0d1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4"
                     *       },
                     *       "fixtures": {
                     *         "file": "/app/fixtures/seed.json",
                     *         "sha256": "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9"
                     *       },
                     *       "store": {
                     *         "kind": "file",
                     *         "file": "tiledesk-auth-emulator.db.json"
                     *       },
                     *       "operations": [
                     *         "signin",
                     *         "signup",
                     *         "signinAnonymously",
                     *         "signinWithCustomToken"
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["Health"];
                };
            };
            400: components["responses"]["ControlBadRequest"];
            413: components["responses"]["ControlPayloadTooLarge"];
            500: components["responses"]["ControlFailure"];
            507: components["responses"]["ControlLimitReached"];
        };
    };
    resetState: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Reset. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "reset": true,
                     *       "durationMs": 0.41
                     *     }
                     */
                    "application/json": components["schemas"]["ResetResult"];
                };
            };
            400: components["responses"]["ControlBadRequest"];
            401: components["responses"]["ControlUnauthorized"];
            403: components["responses"]["ControlForbidden"];
            413: components["responses"]["ControlPayloadTooLarge"];
            415: components["responses"]["ControlUnsupportedMediaType"];
            500: components["responses"]["ControlFailure"];
            507: components["responses"]["ControlLimitReached"];
        };
    };
    seedState: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "users": [
                 *         {
                 *           "email": "grace@example.com",
                 *           "password": "gracepassword",
                 *           "firstname": "Grace",
                 *           "lastname": "Hopper"
                 *         }
                 *       ],
                 *       "projects": [
                 *         {
                 *           "_id": "65f0b0000000000000000002",
                 *           "name": "Second project",
                 *           "jwtSecret": "second-project-secret"
                 *         }
                 *       ],
                 *       "project_users": [
                 *         {
                 *           "id_project": "65f0b0000000000000000002",
                 *           "uuid_user": "ext-7",
                 *           "role": "user",
                 *           "status": "disabled"
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["SeedRequest"];
            };
        };
        responses: {
            /** @description Added; the records as stored, without secrets. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "users": [
                     *         {
                     *           "_id": "65f0a1b2c3d4e5f6a7b8c9d0",
                     *           "email": "grace@example.com",
                     *           "firstname": "Grace",
                     *           "lastname": "Hopper",
                     *           "emailverified": false,
                     *           "status": 100,
                     *           "createdAt": "2026-01-20T11:50:08.778Z",
                     *           "updatedAt": "2026-01-20T11:50:08.778Z",
                     *           "__v": 0
                     *         }
                     *       ],
                     *       "projects": [],
                     *       "project_users": []
                     *     }
                     */
                    "application/json": components["schemas"]["SeedResult"];
                };
            };
            400: components["responses"]["ControlBadRequest"];
            401: components["responses"]["ControlUnauthorized"];
            403: components["responses"]["ControlForbidden"];
            /** @description A user's e-mail or phone is already taken, or an id already exists. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "error": "conflict",
                     *       "message": "users[0].email: grace@example.com is already registered",
                     *       "field": "users[0].email"
                     *     }
                     */
                    "application/json": components["schemas"]["ControlError"];
                };
            };
            413: components["responses"]["ControlPayloadTooLarge"];
            415: components["responses"]["ControlUnsupportedMediaType"];
            500: components["responses"]["ControlFailure"];
            507: components["responses"]["ControlLimitReached"];
        };
    };
    listUsers: {
        parameters: {
            query?: {
                /** @description The most records in this page, 1 to 1,000 (the default). */
                limit?: components["parameters"]["Limit"];
                /** @description How many records to skip (default 0). */
                offset?: components["parameters"]["Offset"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every user. */
            200: {
                headers: {
                    "X-Total-Count": components["headers"]["XTotalCount"];
                    Link: components["headers"]["Link"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example [
                     *       {
                     *         "_id": "65f0a0000000000000000002",
                     *         "email": "jane.doe@example.com",
                     *         "firstname": "Jane",
                     *         "lastname": "Doe",
                     *         "emailverified": true,
                     *         "status": 100,
                     *         "createdAt": "2026-01-15T09:00:00.000Z",
                     *         "updatedAt": "2026-01-15T09:00:00.000Z",
                     *         "__v": 0
                     *       }
                     *     ]
                     */
                    "application/json": components["schemas"]["PublicUser"][];
                };
            };
            400: components["responses"]["ControlBadRequest"];
            401: components["responses"]["ControlUnauthorized"];
            403: components["responses"]["ControlForbidden"];
            413: components["responses"]["ControlPayloadTooLarge"];
            500: components["responses"]["ControlFailure"];
            507: components["responses"]["ControlLimitReached"];
        };
    };
    listProjects: {
        parameters: {
            query?: {
                /** @description The most records in this page, 1 to 1,000 (the default). */
                limit?: components["parameters"]["Limit"];
                /** @description How many records to skip (default 0). */
                offset?: components["parameters"]["Offset"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every project; `hasJwtSecret` says whether custom tokens can be verified. */
            200: {
                headers: {
                    "X-Total-Count": components["headers"]["XTotalCount"];
                    Link: components["headers"]["Link"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example [
                     *       {
                     *         "_id": "65f0b0000000000000000001",
                     *         "name": "Emulator Demo Project",
                     *         "status": 100,
                     *         "hasJwtSecret": true,
                     *         "createdAt": "2026-01-15T09:00:00.000Z",
                     *         "updatedAt": "2026-01-15T09:00:00.000Z",
                     *         "__v": 0
                     *       }
                     *     ]
                     */
                    "application/json": components["schemas"]["PublicProject"][];
                };
            };
            400: components["responses"]["ControlBadRequest"];
            401: components["responses"]["ControlUnauthorized"];
            403: components["responses"]["ControlForbidden"];
            413: components["responses"]["ControlPayloadTooLarge"];
            500: components["responses"]["ControlFailure"];
            507: components["responses"]["ControlLimitReached"];
        };
    };
    listProjectUsers: {
        parameters: {
            query?: {
                /** @description The most records in this page, 1 to 1,000 (the default). */
                limit?: components["parameters"]["Limit"];
                /** @description How many records to skip (default 0). */
                offset?: components["parameters"]["Offset"];
                /** @description Only those of this project. */
                id_project?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The project_users. */
            200: {
                headers: {
                    "X-Total-Count": components["headers"]["XTotalCount"];
                    Link: components["headers"]["Link"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example [
                     *       {
                     *         "_id": "65f0c0000000000000000001",
                     *         "id_project": "65f0b0000000000000000001",
                     *         "id_user": "65f0a0000000000000000002",
                     *         "role": "owner",
                     *         "roleType": 1,
                     *         "user_available": true,
                     *         "status": "active",
                     *         "number_assigned_requests": 0,
                     *         "trashed": false,
                     *         "createdBy": "65f0a0000000000000000002",
                     *         "createdAt": "2026-01-15T09:00:00.000Z",
                     *         "updatedAt": "2026-01-15T09:00:00.000Z",
                     *         "__v": 0
                     *       }
                     *     ]
                     */
                    "application/json": components["schemas"]["ProjectUser"][];
                };
            };
            400: components["responses"]["ControlBadRequest"];
            401: components["responses"]["ControlUnauthorized"];
            403: components["responses"]["ControlForbidden"];
            413: components["responses"]["ControlPayloadTooLarge"];
            500: components["responses"]["ControlFailure"];
            507: components["responses"]["ControlLimitReached"];
        };
    };
    listRequests: {
        parameters: {
            query?: {
                /** @description Only the requests journaled after this `seq` (a cursor that survives resets). */
                since?: number;
                /** @description The most records in this page, 1 to 1,000 (the default). */
                limit?: components["parameters"]["Limit"];
                /** @description How many records to skip (default 0). */
                offset?: components["parameters"]["Offset"];
                /** @description Only the requests of this operation, e.g. `signin`. */
                operationId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The journal. */
            200: {
                headers: {
                    "X-Total-Count": components["headers"]["XTotalCount"];
                    Link: components["headers"]["Link"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example [
                     *       {
                     *         "seq": 1,
                     *         "operationId": "signin",
                     *         "method": "POST",
                     *         "path": "/auth/signin",
                     *         "status": 200,
                     *         "time": "2026-01-20T11:50:08.778Z",
                     *         "durationMs": 3.2,
                     *         "body": {
                     *           "email": "jane.doe@example.com",
                     *           "password": "[redacted]"
                     *         }
                     *       }
                     *     ]
                     */
                    "application/json": components["schemas"]["JournalEntry"][];
                };
            };
            400: components["responses"]["ControlBadRequest"];
            401: components["responses"]["ControlUnauthorized"];
            403: components["responses"]["ControlForbidden"];
            413: components["responses"]["ControlPayloadTooLarge"];
            500: components["responses"]["ControlFailure"];
            507: components["responses"]["ControlLimitReached"];
        };
    };
    clearRequests: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Emptied. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["ControlBadRequest"];
            401: components["responses"]["ControlUnauthorized"];
            403: components["responses"]["ControlForbidden"];
            413: components["responses"]["ControlPayloadTooLarge"];
            500: components["responses"]["ControlFailure"];
            507: components["responses"]["ControlLimitReached"];
        };
    };
    listOutbox: {
        parameters: {
            query?: {
                /** @description Only the e-mails sent to this address (any case). */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The outbox. */
            200: {
                headers: {
                    /** @description How many older e-mails were dropped to keep the bound; absent when none. */
                    "X-Emulator-Outbox-Dropped"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OutboxEntry"][];
                };
            };
            400: components["responses"]["ControlBadRequest"];
            401: components["responses"]["ControlUnauthorized"];
            403: components["responses"]["ControlForbidden"];
            413: components["responses"]["ControlPayloadTooLarge"];
            500: components["responses"]["ControlFailure"];
        };
    };
    clearOutbox: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Emptied. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["ControlBadRequest"];
            401: components["responses"]["ControlUnauthorized"];
            403: components["responses"]["ControlForbidden"];
            413: components["responses"]["ControlPayloadTooLarge"];
            500: components["responses"]["ControlFailure"];
        };
    };
    createCustomToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "projectId": "65f0b0000000000000000001",
                 *       "claims": {
                 *         "_id": "ext-42",
                 *         "firstname": "Ada",
                 *         "email": "ada@example.com"
                 *       },
                 *       "expiresIn": 3600
                 *     }
                 */
                "application/json": components["schemas"]["CustomTokenRequest"];
            };
        };
        responses: {
            /** @description The token, ready for the `Authorization` header, and its claims. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "token": "JWT eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJfaWQiOiJleHQtNDIifQ.signature",
                     *       "claims": {
                     *         "_id": "ext-42",
                     *         "sub": "userexternal",
                     *         "aud": "https://tiledesk.com/projects/65f0b0000000000000000001",
                     *         "iat": 1767225600,
                     *         "exp": 1767229200,
                     *         "firstname": "Ada",
                     *         "email": "ada@example.com"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["CustomTokenResult"];
                };
            };
            400: components["responses"]["ControlBadRequest"];
            401: components["responses"]["ControlUnauthorized"];
            403: components["responses"]["ControlForbidden"];
            /** @description No project with that id, or it has no `jwtSecret`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "error": "not_found",
                     *       "message": "project 65f0b0000000000000000009 does not exist",
                     *       "field": "projectId"
                     *     }
                     */
                    "application/json": components["schemas"]["ControlError"];
                };
            };
            413: components["responses"]["ControlPayloadTooLarge"];
            415: components["responses"]["ControlUnsupportedMediaType"];
            500: components["responses"]["ControlFailure"];
            507: components["responses"]["ControlLimitReached"];
        };
    };
    listFaults: {
        parameters: {
            query?: {
                /** @description The most records in this page, 1 to 1,000 (the default). */
                limit?: components["parameters"]["Limit"];
                /** @description How many records to skip (default 0). */
                offset?: components["parameters"]["Offset"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The faults still armed, oldest first, a page at a time. */
            200: {
                headers: {
                    "X-Total-Count": components["headers"]["XTotalCount"];
                    Link: components["headers"]["Link"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example [
                     *       {
                     *         "id": "f1",
                     *         "operationId": "signin",
                     *         "status": 500,
                     *         "times": 1,
                     *         "hits": 0,
                     *         "createdAt": "2026-01-20T11:50:08.778Z"
                     *       }
                     *     ]
                     */
                    "application/json": components["schemas"]["Fault"][];
                };
            };
            400: components["responses"]["ControlBadRequest"];
            401: components["responses"]["ControlUnauthorized"];
            403: components["responses"]["ControlForbidden"];
            413: components["responses"]["ControlPayloadTooLarge"];
            500: components["responses"]["ControlFailure"];
            507: components["responses"]["ControlLimitReached"];
        };
    };
    armFault: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "operationId": "signin",
                 *       "status": 500,
                 *       "times": 1
                 *     }
                 */
                "application/json": components["schemas"]["FaultRequest"];
            };
        };
        responses: {
            /** @description Armed. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "f1",
                     *       "operationId": "signin",
                     *       "status": 500,
                     *       "times": 1,
                     *       "hits": 0,
                     *       "createdAt": "2026-01-20T11:50:08.778Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Fault"];
                };
            };
            400: components["responses"]["ControlBadRequest"];
            401: components["responses"]["ControlUnauthorized"];
            403: components["responses"]["ControlForbidden"];
            413: components["responses"]["ControlPayloadTooLarge"];
            415: components["responses"]["ControlUnsupportedMediaType"];
            500: components["responses"]["ControlFailure"];
            507: components["responses"]["ControlLimitReached"];
        };
    };
    clearFaults: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Cleared. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["ControlBadRequest"];
            401: components["responses"]["ControlUnauthorized"];
            403: components["responses"]["ControlForbidden"];
            413: components["responses"]["ControlPayloadTooLarge"];
            500: components["responses"]["ControlFailure"];
            507: components["responses"]["ControlLimitReached"];
        };
    };
    clearFault: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @example f1 */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Cleared. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["ControlBadRequest"];
            401: components["responses"]["ControlUnauthorized"];
            403: components["responses"]["ControlForbidden"];
            /** @description No such fault or snapshot. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "error": "not_found",
                     *       "message": "no snapshot named before"
                     *     }
                     */
                    "application/json": components["schemas"]["ControlError"];
                };
            };
            413: components["responses"]["ControlPayloadTooLarge"];
            500: components["responses"]["ControlFailure"];
            507: components["responses"]["ControlLimitReached"];
        };
    };
    getClock: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Now, and whether a test set it. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "now": "2030-01-01T00:00:00.000Z",
                     *       "frozen": true
                     *     }
                     */
                    "application/json": components["schemas"]["Clock"];
                };
            };
            400: components["responses"]["ControlBadRequest"];
            401: components["responses"]["ControlUnauthorized"];
            403: components["responses"]["ControlForbidden"];
            413: components["responses"]["ControlPayloadTooLarge"];
            500: components["responses"]["ControlFailure"];
            507: components["responses"]["ControlLimitReached"];
        };
    };
    setClock: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "now": "2030-01-01T00:00:00.000Z"
                 *     }
                 */
                "application/json": components["schemas"]["ClockRequest"];
            };
        };
        responses: {
            /** @description The clock as set. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "now": "2030-01-01T00:00:00.000Z",
                     *       "frozen": true
                     *     }
                     */
                    "application/json": components["schemas"]["Clock"];
                };
            };
            400: components["responses"]["ControlBadRequest"];
            401: components["responses"]["ControlUnauthorized"];
            403: components["responses"]["ControlForbidden"];
            413: components["responses"]["ControlPayloadTooLarge"];
            415: components["responses"]["ControlUnsupportedMediaType"];
            500: components["responses"]["ControlFailure"];
            507: components["responses"]["ControlLimitReached"];
        };
    };
    releaseClock: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The clock, running. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "now": "2026-01-20T11:50:08.778Z",
                     *       "frozen": false
                     *     }
                     */
                    "application/json": components["schemas"]["Clock"];
                };
            };
            400: components["responses"]["ControlBadRequest"];
            401: components["responses"]["ControlUnauthorized"];
            403: components["responses"]["ControlForbidden"];
            413: components["responses"]["ControlPayloadTooLarge"];
            500: components["responses"]["ControlFailure"];
            507: components["responses"]["ControlLimitReached"];
        };
    };
    listSnapshots: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every snapshot, oldest first. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example [
                     *       {
                     *         "name": "before",
                     *         "createdAt": "2026-01-20T11:50:08.778Z",
                     *         "users": 3,
                     *         "projects": 1,
                     *         "project_users": 2
                     *       }
                     *     ]
                     */
                    "application/json": components["schemas"]["Snapshot"][];
                };
            };
            400: components["responses"]["ControlBadRequest"];
            401: components["responses"]["ControlUnauthorized"];
            403: components["responses"]["ControlForbidden"];
            413: components["responses"]["ControlPayloadTooLarge"];
            500: components["responses"]["ControlFailure"];
            507: components["responses"]["ControlLimitReached"];
        };
    };
    saveSnapshot: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "before"
                 *     }
                 */
                "application/json": components["schemas"]["SnapshotRequest"];
            };
        };
        responses: {
            /** @description Saved. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "name": "before",
                     *       "createdAt": "2026-01-20T11:50:08.778Z",
                     *       "users": 3,
                     *       "projects": 1,
                     *       "project_users": 2
                     *     }
                     */
                    "application/json": components["schemas"]["Snapshot"];
                };
            };
            400: components["responses"]["ControlBadRequest"];
            401: components["responses"]["ControlUnauthorized"];
            403: components["responses"]["ControlForbidden"];
            413: components["responses"]["ControlPayloadTooLarge"];
            415: components["responses"]["ControlUnsupportedMediaType"];
            500: components["responses"]["ControlFailure"];
            507: components["responses"]["ControlLimitReached"];
        };
    };
    dropSnapshot: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @example before */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Dropped. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["ControlBadRequest"];
            401: components["responses"]["ControlUnauthorized"];
            403: components["responses"]["ControlForbidden"];
            /** @description No such fault or snapshot. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "error": "not_found",
                     *       "message": "no snapshot named before"
                     *     }
                     */
                    "application/json": components["schemas"]["ControlError"];
                };
            };
            413: components["responses"]["ControlPayloadTooLarge"];
            500: components["responses"]["ControlFailure"];
            507: components["responses"]["ControlLimitReached"];
        };
    };
    restoreSnapshot: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @example before */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description Restored. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "name": "before",
                     *       "createdAt": "2026-01-20T11:50:08.778Z",
                     *       "users": 3,
                     *       "projects": 1,
                     *       "project_users": 2
                     *     }
                     */
                    "application/json": components["schemas"]["Snapshot"];
                };
            };
            400: components["responses"]["ControlBadRequest"];
            401: components["responses"]["ControlUnauthorized"];
            403: components["responses"]["ControlForbidden"];
            /** @description No such fault or snapshot. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "error": "not_found",
                     *       "message": "no snapshot named before"
                     *     }
                     */
                    "application/json": components["schemas"]["ControlError"];
                };
            };
            413: components["responses"]["ControlPayloadTooLarge"];
            415: components["responses"]["ControlUnsupportedMediaType"];
            500: components["responses"]["ControlFailure"];
            507: components["responses"]["ControlLimitReached"];
        };
    };
    getCoverage: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The coverage. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "operations": [
                     *         {
                     *           "operationId": "signin",
                     *           "statuses": [
                     *             {
                     *               "status": "200",
                     *               "count": 12
                     *             },
                     *             {
                     *               "status": "401",
                     *               "count": 3,
                     *               "examples": {
                     *                 "wrongPassword": 1
                     *               }
                     *             },
                     *             {
                     *               "status": "413",
                     *               "count": 0
                     *             },
                     *             {
                     *               "status": "422",
                     *               "count": 2
                     *             },
                     *             {
                     *               "status": "500",
                     *               "count": 0
                     *             }
                     *           ]
                     *         }
                     *       ],
                     *       "covered": 3,
                     *       "declared": 5,
                     *       "percent": 60,
                     *       "invalidRequests": 2
                     *     }
                     */
                    "application/json": components["schemas"]["Coverage"];
                };
            };
            400: components["responses"]["ControlBadRequest"];
            401: components["responses"]["ControlUnauthorized"];
            403: components["responses"]["ControlForbidden"];
            413: components["responses"]["ControlPayloadTooLarge"];
            500: components["responses"]["ControlFailure"];
            507: components["responses"]["ControlLimitReached"];
        };
    };
    streamRequests: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The stream; it stays open until the client or the emulator closes it. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example : connected
                     *
                     *     event: request
                     *     data: {"seq":1,"operationId":"signin","method":"POST","path":"/auth/signin","status":401,"time":"2026-01-20T11:50:08.778Z","durationMs":3.2,"body":{"email":"jane.doe@example.com","password":"[redacted]"},"diagnostic":"wrong password for jane.doe@example.com"}
                     */
                    "text/event-stream": string;
                };
            };
            400: components["responses"]["ControlBadRequest"];
            401: components["responses"]["ControlUnauthorized"];
            403: components["responses"]["ControlForbidden"];
            413: components["responses"]["ControlPayloadTooLarge"];
            500: components["responses"]["ControlFailure"];
            507: components["responses"]["ControlLimitReached"];
        };
    };
    inspectToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "token": "JWT eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJfaWQiOiJleHQtNDIifQ.signature"
                 *     }
                 */
                "application/json": components["schemas"]["TokenInspectRequest"];
            };
        };
        responses: {
            /** @description The token decoded, and the verdict. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "header": {
                     *         "alg": "HS256",
                     *         "typ": "JWT"
                     *       },
                     *       "claims": {
                     *         "_id": "ext-42",
                     *         "sub": "userexternal",
                     *         "aud": "https://tiledesk.com/projects/65f0b0000000000000000001",
                     *         "iat": 1767225600,
                     *         "exp": 1767229200
                     *       },
                     *       "times": {
                     *         "iat": "2026-01-01T00:00:00.000Z",
                     *         "exp": "2026-01-01T01:00:00.000Z"
                     *       },
                     *       "now": "2026-01-01T00:10:00.000Z",
                     *       "verified": true,
                     *       "key": "project",
                     *       "verifiedBy": "the jwtSecret of project 65f0b0000000000000000001"
                     *     }
                     */
                    "application/json": components["schemas"]["TokenInspection"];
                };
            };
            400: components["responses"]["ControlBadRequest"];
            401: components["responses"]["ControlUnauthorized"];
            403: components["responses"]["ControlForbidden"];
            413: components["responses"]["ControlPayloadTooLarge"];
            415: components["responses"]["ControlUnsupportedMediaType"];
            500: components["responses"]["ControlFailure"];
            507: components["responses"]["ControlLimitReached"];
        };
    };
    listNamespaces: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every namespace made so far. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example [
                     *       {
                     *         "name": "worker-1",
                     *         "users": 4,
                     *         "project_users": 7,
                     *         "requests": 12
                     *       }
                     *     ]
                     */
                    "application/json": components["schemas"]["Namespace"][];
                };
            };
            400: components["responses"]["ControlBadRequest"];
            401: components["responses"]["ControlUnauthorized"];
            403: components["responses"]["ControlForbidden"];
            413: components["responses"]["ControlPayloadTooLarge"];
            500: components["responses"]["ControlFailure"];
            507: components["responses"]["ControlLimitReached"];
        };
    };
    dropNamespace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @example worker-1 */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Dropped; its next request makes it anew from the fixtures. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["ControlBadRequest"];
            401: components["responses"]["ControlUnauthorized"];
            403: components["responses"]["ControlForbidden"];
            /** @description No such namespace. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "error": "not_found",
                     *       "message": "no namespace named worker-3"
                     *     }
                     */
                    "application/json": components["schemas"]["ControlError"];
                };
            };
            413: components["responses"]["ControlPayloadTooLarge"];
            500: components["responses"]["ControlFailure"];
            507: components["responses"]["ControlLimitReached"];
        };
    };
}
