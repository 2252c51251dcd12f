/** Manual 8.2.1 (and 8.1.2 step 9): the resource flavors for training. */
import { Estimator, type Session } from '@modelarts-ts/sdk';
import { runAsProgram } from './common.js';

export async function flavors(session: Session) {
  const info = await Estimator.getTrainInstanceTypes(session);
  console.log(info.map((f) => `${f.flavor_id} (max ${f.max_num} nodes)`).join('\n'));
  // get_spec_list: a dictionary whose `flavors` give flavor_id and max_num.
  const spec_list = await Estimator.getSpecList(session);
  return { info, spec_list };
}

await runAsProgram(import.meta.url, flavors);
