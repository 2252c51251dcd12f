/** Manual 8.2.2 (and 8.1.2 step 5): the AI engines available for training. */
import { Estimator, type Session } from '@modelarts-ts/sdk';
import { runAsProgram } from './common.js';

export async function engines(session: Session) {
  const info = await Estimator.getFrameworkList(session);
  for (const f of info)
    console.log(`${f.framework_type} ${f.framework_version}${f.importable === undefined ? '' : f.importable ? '' : ' (not installed here)'}`);
  return info;
}

await runAsProgram(import.meta.url, engines);
