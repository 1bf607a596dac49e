export { buildRecordUrl, type RecordUrlResult, type RecordUrlSettings } from './build-record-url';
export { PLACEHOLDERS, checkUrlTemplate, parseTemplate, templateOrigin, type Placeholder } from './url-template';
