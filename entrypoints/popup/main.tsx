import { render } from 'preact';

render(<p>Teleforge Screen-Pop</p>, document.getElementById('app')!);
