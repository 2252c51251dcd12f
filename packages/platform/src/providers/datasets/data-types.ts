import type { DataType } from '@modelarts-ts/contract';

/** File extensions each data type syncs and imports (lower case). */
export const EXTENSIONS: Readonly<Record<DataType, readonly string[] | undefined>> = {
  IMAGE: ['.jpg', '.jpeg', '.png', '.bmp'],
  AUDIO: ['.wav'],
  TEXT: ['.txt', '.csv'],
  TABLE: ['.csv'],
  VIDEO: ['.mp4'],
  PLAIN: undefined,
};

/** `sample_type` of each data type. */
export const SAMPLE_TYPE: Readonly<Record<DataType, number>> = { IMAGE: 0, TEXT: 1, AUDIO: 2, TABLE: 4, VIDEO: 6, PLAIN: 9 };

/** The data type a labeling type works on. */
export function dataTypeOf(datasetType: number): DataType {
  if (datasetType < 100) return 'IMAGE';
  if (datasetType < 200) return 'TEXT';
  if (datasetType < 300) return 'AUDIO';
  if (datasetType === 400) return 'TABLE';
  if (datasetType === 600) return 'VIDEO';
  return 'PLAIN';
}

/** The labeling type a data-type dataset reports: its import scene's, else the data type's first. */
export function defaultDatasetType(dataType: DataType, scene: string | undefined): number {
  const byScene: Record<string, number> = {
    image_classification: 0,
    object_detection: 1,
    image_segmentation: 3,
    text_classification: 100,
    audio_classification: 200,
  };
  if (scene && byScene[scene] !== undefined) return byScene[scene] as number;
  return { IMAGE: 0, TEXT: 100, AUDIO: 200, TABLE: 400, VIDEO: 600, PLAIN: 900 }[dataType];
}

export function extensionOf(key: string): string {
  const base = key.slice(key.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot).toLowerCase();
}

export function hasDataExtension(key: string, dataType: DataType): boolean {
  const exts = EXTENSIONS[dataType];
  return exts === undefined ? !key.endsWith('/') : exts.includes(extensionOf(key));
}

/** `dir/name.ext` → `dir/name`. */
export function stemKey(key: string): string {
  const ext = extensionOf(key);
  return ext ? key.slice(0, -ext.length) : key;
}
