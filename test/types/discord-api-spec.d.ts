// discord-api-spec ships its zod schemas as plain JS; the tests only need them as opaque schema objects.
declare module 'discord-api-spec/zod';
