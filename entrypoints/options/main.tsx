import { render } from 'preact';
import { OptionsApp } from '@/components/options/options-app';
import { applyDocumentLanguage } from '@/components/page-language';
import '../popup/style.css';
import './style.css';

applyDocumentLanguage(document);
render(<OptionsApp />, document.getElementById('app')!);
