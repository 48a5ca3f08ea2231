// The language server's executable: runs the server bundle (server-main.js) through V8's code cache.
import * as path from 'node:path';
import { runBundle } from './codeCache';

runBundle(path.join(__dirname, 'server-main.js'));
