/**
 * DataCite 4.x metadata in DataCite's JSON field names.
 * PLACEHOLDER: the data-model work replaces this with the full typed model.
 */
export interface DataCiteMetadata {
  doi?: string;
  titles?: { title: string; titleType?: string; lang?: string }[];
  [key: string]: unknown;
}
