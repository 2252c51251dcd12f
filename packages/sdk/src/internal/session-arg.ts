import { Session } from '../session.js';
import { instanceOf } from './arguments.js';

/** The `session` parameter every manual function takes first. */
export const SessionArg = instanceOf(Session, 'a Session (new Session(...) or await Session.local())');
