// The `django-ready` executable: runs the CLI bundle (cli-main.js) through V8's code cache.
import * as path from 'node:path';
import { runBundle } from './codeCache';

runBundle(path.join(__dirname, 'cli-main.js'));
